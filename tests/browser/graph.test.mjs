// The decision graph ({{#investigation-graph}}) drawn by mdbook-mermaid in
// Chromium, under mermaid's default `securityLevel: strict`: the graph book
// (tests/books/graph) draws one SVG with a node per document, each a link to
// its chapter that opens it, and no console error; the hostile book's graph
// (tests/books/hostile-pages, every title a payload) draws with each label
// the title as written, no element from a payload and no dialog; a graph in
// a subfolder's chapter opens its chapters from its page and from print.html.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { buildSuite, buildAt, serve, launch, repoRoot, tools } from './support.mjs';

let browser;
const servers = {};

/** A copy of `tests/books/NAME` with mdbook-mermaid after the suite, built; `files` ({path: text}) written over it first. */
function buildWithMermaid(name, members, last, files = {}) {
  const root = mkdtempSync(join(tmpdir(), `deepdive-graph-${name}-`));
  cpSync(join(repoRoot, 'tests', 'books', name), root, { recursive: true });
  for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text);
  execFileSync(join(tools, 'mdbook-mermaid', 'bin', 'mdbook-mermaid'), ['install', root], { stdio: 'ignore' });
  // It adds `[preprocessor.mermaid]` without an order: it runs after the suite.
  const toml = join(root, 'book.toml');
  writeFileSync(toml, readFileSync(toml, 'utf8').replace('command = "mdbook-mermaid"\n', `command = "mdbook-mermaid"\nafter = ["${last}"]\n`));
  buildAt(root, members);
  return join(root, 'book', 'html');
}

before(async () => {
  buildSuite();
  servers.graph = await serve(buildWithMermaid('graph', ['deepdive-status'], 'deepdive-status'));
  // A second graph in a subfolder's chapter: its page and the print page show it at two depths.
  servers.subfolder = await serve(buildWithMermaid('graph', ['deepdive-status'], 'deepdive-status', {
    'src/deep-dives/README.md': '# Dives\n\n{{#investigation-graph}}\n',
  }));
  servers.hostile = await serve(buildWithMermaid('hostile-pages', ['deepdive-status', 'deepdive-review'], 'deepdive-review'));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const server of Object.values(servers)) server.close();
});

async function open(server, path) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  const dialogs = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await page.goto(`${server.url}/${path}`);
  await page.waitForFunction(() => document.querySelectorAll('main pre.mermaid svg').length > 0, null, { timeout: 20000 });
  return { page, errors, dialogs };
}

/** The text of each node of the drawn graph, and the link around it. */
function nodes() {
  return [...document.querySelectorAll('main pre.mermaid svg g.node')].map((node) => ({
    label: node.textContent.trim(),
    href: node.closest('a')?.getAttribute('href') ?? node.closest('a')?.getAttribute('xlink:href') ?? null,
  }));
}

test('the graph book: one SVG, a node per document, each a link that opens its chapter', async () => {
  const { page, errors } = await open(servers.graph, 'index.html');
  const drawn = await page.evaluate(nodes);
  assert.deepEqual(drawn.map((n) => n.label).sort(), ['A note', 'Kafka for presence events', 'Old presence', 'Presence v2', 'Search | <b>fast</b>']);
  assert.ok(drawn.every((n) => n.href?.endsWith('.html')), JSON.stringify(drawn));
  assert.equal(await page.locator('main pre.mermaid svg g.edgeLabel', { hasText: 'supersedes' }).count(), 1);
  assert.equal(await page.locator('main pre.mermaid svg b').count(), 0, 'a title is text, not markup');
  await page.locator('main pre.mermaid svg g.node', { hasText: 'Old presence' }).click();
  await page.waitForURL(/adr\/0001-old\.html$/);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a graph in a subfolder: every link opens a page, on its chapter page and on the print page', async () => {
  for (const [path, graphs] of [['deep-dives/index.html', 1], ['print.html', 2]]) {
    const { page, errors } = await open(servers.subfolder, path);
    await page.waitForFunction((n) => document.querySelectorAll('main pre.mermaid svg').length === n, graphs, { timeout: 20000 });
    const drawn = await page.evaluate(nodes);
    assert.equal(drawn.length, 5 * graphs, `${path}: ${JSON.stringify(drawn)}`);
    const statuses = await page.evaluate((hrefs) => Promise.all(hrefs.map((href) => fetch(href).then((r) => `${r.status} ${href}`))), drawn.map((n) => n.href));
    assert.deepEqual(statuses.filter((s) => !s.startsWith('200 ')), [], path);
    // The last graph is the subfolder's: its Old presence opens the record.
    await page.locator('main pre.mermaid svg g.node', { hasText: 'Old presence' }).last().click();
    await page.waitForURL(/\/adr\/0001-old\.html$/);
    assert.deepEqual(errors, [], path);
    await page.close();
  }
});

test('the hostile book: every label is its title as written, nothing from a payload is live', async () => {
  const { page, errors, dialogs } = await open(servers.hostile, 'index.html');
  const drawn = await page.evaluate(nodes);
  // The titles of tests/books/hostile-pages/src/t01.md … t11.md, as written.
  assert.deepEqual(drawn.map((n) => n.label), [
    'T01 <img src=x id=pwnT01 onerror=alert(101)>',
    'T02 <script>alert(102)</script>',
    'T03 "><svg id=pwnT03 onload=alert(103)>',
    'T04 [pwnT04](javascript:alert(104))',
    'T05 <javascript:alert(105)>',
    'T06 &lt;img src=x id=pwnT06 onerror=alert(106)&gt;',
    'T07 &#60;img src=x id=pwnT07 onerror=alert(107)&#62;',
    'T08 \\<img src=x id=pwnT08 onerror=alert(108)>',
    'T09 {{#review-checklist}}',
    'T10 | x | y `code` <img src=x id=pwnT10 onerror=alert(110)>',
    'T11 {{#status done}} {{#meta owner}} {{ page.owner }}',
  ]);
  const payloads = await page.evaluate(() => [...document.querySelectorAll('main pre.mermaid svg *')]
    .filter((el) => /^pwn/i.test(el.id) || [...el.attributes].some((a) => a.name.startsWith('on') || /^\s*javascript:/i.test(a.value)))
    .map((el) => el.outerHTML.slice(0, 120)));
  assert.deepEqual(payloads, []);
  await page.waitForTimeout(500);
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
  await page.close();
});
