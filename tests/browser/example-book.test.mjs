// The example book as a reader sees it: no console errors, front matter
// titles in the sidebar, the generated index with 14 working links, badges
// and checklists; screenshots of the index and one investigation in the
// light and navy themes, and of the front page's decision graph (target/screenshots/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildSuite, buildAt, serve, launch, repoRoot } from './support.mjs';

const shots = join(repoRoot, 'target', 'screenshots');
let server;
let browser;

before(async () => {
  buildSuite();
  const root = mkdtempSync(join(tmpdir(), 'deepdive-example-'));
  cpSync(join(repoRoot, 'example-book'), root, { recursive: true });
  rmSync(join(root, 'book'), { recursive: true, force: true });
  buildAt(root);
  server = await serve(join(root, 'book'));
  browser = await launch();
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function open(path, theme = 'light') {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript((t) => localStorage.setItem('mdbook-theme', t), theme);
  await page.goto(`${server.url}/${path}`);
  return { page, errors };
}

test('the index page: 14 investigations in two tables, every link works', async () => {
  const { page, errors } = await open('index.html');
  const rows = page.locator('main table tbody tr');
  // The review summary lists every chapter with a checklist: the 14 investigations and the
  // guide's Review Checklists chapter, whose live example is one.
  assert.equal(await rows.count(), 14 + 14, 'two index tables and the review summary, 14 rows each');
  const links = await page.$$eval('main table', (tables) => tables.slice(0, 2).flatMap((t) => [...t.querySelectorAll('tbody tr td:nth-child(2) a')].map((a) => a.href)));
  assert.equal(links.length, 14);
  for (const href of links) {
    const response = await page.request.get(href);
    assert.equal(response.status(), 200, href);
  }
  assert.equal(await page.locator('main table .deepdive-status-done').count(), 6);
  assert.equal(await page.locator('main table .deepdive-status-skeleton').count(), 8);
  assert.ok(await page.locator('nav.sidebar a', { hasText: 'Deep-dive template' }).count() > 0, 'front matter titles in the sidebar');
  assert.deepEqual(errors, []);
  await page.close();
});

test('an investigation: badge line, checklist with answered questions', async () => {
  const { page, errors } = await open('deep-dives/01-multi-server-broadcasting.html');
  assert.equal(await page.locator('main .deepdive-meta .deepdive-status-done').count(), 1);
  assert.ok(await page.locator('.deepdive-checklist input:checked').count() >= 10);
  assert.deepEqual(errors, []);
  await page.close();
});

/** The example book's pages that hold a mermaid diagram (a fence, Hugo's shortcode or the decision graph), from its sources. */
function pagesWithDiagrams() {
  const src = join(repoRoot, 'example-book', 'src');
  const pages = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(path);
      } else if (entry.name.endsWith('.md') && /^(```mermaid|\{\{< mermaid >\}\}|\{\{#investigation-graph[^}]*\}\})$/m.test(readFileSync(path, 'utf8'))) {
        pages.push(relative(src, path).replace(/README\.md$/, 'index.md').replace(/\.md$/, '.html'));
      }
    }
  };
  walk(src);
  return pages.sort();
}

for (const theme of ['light', 'navy']) {
  test(`every mermaid diagram is drawn as an SVG in the ${theme} theme`, async () => {
    const pages = pagesWithDiagrams();
    assert.ok(pages.length >= 5, pages.join(', '));
    for (const path of pages) {
      const { page, errors } = await open(path, theme);
      const diagrams = page.locator('main pre.mermaid');
      const count = await diagrams.count();
      assert.ok(count > 0, `${path}: no mermaid block`);
      await page.waitForFunction(
        (n) => document.querySelectorAll('main pre.mermaid svg').length === n,
        count,
        { timeout: 20000 },
      );
      const failed = await page.$$eval('main pre.mermaid svg', (svgs) => svgs.filter((s) => s.getAttribute('aria-roledescription') === 'error' || s.textContent.includes('Syntax error')).length);
      assert.equal(failed, 0, `${path}: a diagram failed to parse`);
      assert.deepEqual(errors, [], path);
      if (path === 'deep-dives/01-multi-server-broadcasting.html') {
        await diagrams.first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(shots, `mermaid-${theme}.png`) });
      }
      await page.close();
    }
  });
}

for (const theme of ['light', 'navy']) {
  test(`screenshots in the ${theme} theme`, async () => {
    for (const [name, path] of [['index', 'index.html'], ['investigation', 'deep-dives/01-multi-server-broadcasting.html']]) {
      const { page, errors } = await open(path, theme);
      if (name === 'index') {
        await page.locator('#investigation-index').scrollIntoViewIfNeeded();
      }
      await page.screenshot({ path: join(shots, `${name}-${theme}.png`) });
      assert.deepEqual(errors, []);
      await page.close();
    }
  });
}

for (const theme of ['light', 'navy']) {
  test(`the front page's decision graph in the ${theme} theme: every document a linked node`, async () => {
    const { page, errors } = await open('index.html', theme);
    const graph = page.locator('main pre.mermaid', { hasText: 'ADR-0002' });
    await page.waitForFunction(() => [...document.querySelectorAll('main pre.mermaid svg')].some((s) => s.textContent.includes('ADR-0002')), null, { timeout: 20000 });
    // Five investigations, five decision records; each node links to its chapter.
    const links = await graph.locator('svg a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? a.getAttribute('xlink:href')));
    assert.equal(links.length, 10, links.join(', '));
    for (const href of links) {
      const response = await page.request.get(new URL(href, page.url()).href);
      assert.equal(response.status(), 200, href);
    }
    assert.equal(await graph.locator('svg g.edgeLabel', { hasText: 'supersedes' }).count(), 1);
    assert.equal(await graph.locator('svg g.edgeLabel', { hasText: 'decision' }).count(), 5);
    await graph.scrollIntoViewIfNeeded();
    await graph.screenshot({ path: join(shots, `graph-${theme}.png`) });
    assert.deepEqual(errors, []);
    await page.close();
  });
}
