// Issue 17, classes 1–4, in a real browser: the hostile book
// (tests/books/hostile-pages, its attacks listed in tests/testsuite/hostile_pages.rs)
// built with mdBook 0.5.4 and 0.4.52. Every page, the print page too, is
// visited and the search box is typed into with terms that hit every hostile
// title and heading (mdBook's searcher.js inserts breadcrumbs and headings as
// HTML); no dialog may open and no element from a payload may exist.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSuite, buildAt, serve, launch, repoRoot, mdbook, mdbook04 } from './support.mjs';

const versions = [
  // 0.5 prefixes its element ids with `mdbook-`.
  { name: '0.5.4', bin: mdbook, prefix: 'mdbook-' },
  { name: '0.4.52', bin: mdbook04, prefix: '' },
];

// Words of every hostile title, heading and group title.
const terms = ['pwn', 'img', 'alert', 'script', 'svg', 'javascript', 'onerror', 'title', 'meta',
  'review', 'checklist', 'broken', 'row', 'done',
  ...Array.from({ length: 11 }, (_, i) => `T${String(i + 1).padStart(2, '0')}`),
  'B02', 'B03', 'B07', 'B11', 'B14', 'E01'];

let browser;
const books = {};

before(async () => {
  buildSuite();
  for (const version of versions) {
    const root = mkdtempSync(join(tmpdir(), 'deepdive-hostile-'));
    cpSync(join(repoRoot, 'tests', 'books', 'hostile-pages'), root, { recursive: true });
    buildAt(root, ['deepdive-status', 'deepdive-review'], version.bin);
    const html = join(root, 'book', 'html');
    books[version.name] = { server: await serve(html), pages: readdirSync(html).filter((f) => f.endsWith('.html')) };
  }
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const book of Object.values(books)) book.server.close();
});

/** Elements, attributes and URLs in the live document that come from a payload. */
function payloadElements() {
  const found = [];
  const describe = (el) => el.outerHTML.slice(0, 160);
  for (const el of document.querySelectorAll('*')) {
    if (/^pwn/i.test(el.id) || /pwn/i.test(el.getAttribute('alt') ?? '')) found.push(describe(el));
    for (const attribute of el.attributes) {
      if (attribute.name.startsWith('on') && /alert|pwn|msgbox/.test(attribute.value)) found.push(describe(el));
      const url = attribute.value.replace(/[\s\x00-\x1f]/g, '').toLowerCase();
      if (['href', 'src', 'action', 'formaction', 'data', 'srcdoc', 'xlink:href'].includes(attribute.name)
        && /^(javascript|data|vbscript):/.test(url)) found.push(describe(el));
    }
    if (el.tagName === 'SCRIPT' && /alert\(|msgbox\(/.test(el.textContent)) found.push(describe(el));
  }
  return found;
}

for (const version of versions) {
  test(`mdBook ${version.name}: no hostile value opens a dialog or adds an element, on any page or in search results`, async () => {
    const { server, pages } = books[version.name];
    assert.ok(pages.length >= 14, `pages: ${pages}`);
    const failures = [];
    const page = await browser.newPage();
    page.on('dialog', async (dialog) => {
      failures.push(`dialog "${dialog.message()}" on ${page.url()}`);
      await dialog.dismiss();
    });
    page.on('pageerror', (error) => failures.push(`page error on ${page.url()}: ${error.message}`));
    for (const name of pages) {
      await page.goto(`${server.url}/${name}`, { waitUntil: 'load' });
      await page.waitForTimeout(150); // `onerror` of a broken image fires after load
      for (const element of await page.evaluate(payloadElements)) failures.push(`${name}: ${element}`);
    }

    await page.goto(`${server.url}/index.html`, { waitUntil: 'load' });
    await page.click(`#${version.prefix}search-toggle`);
    const bar = page.locator(`#${version.prefix}searchbar`);
    await bar.waitFor();
    const results = page.locator(`#${version.prefix}searchresults > li`);
    let hits = 0;
    for (const term of terms) {
      await bar.fill('');
      await bar.pressSequentially(term, { delay: 10 });
      await results.first().waitFor({ timeout: 3000 }).catch(() => {});
      await page.waitForTimeout(200);
      hits += await results.count();
      for (const element of await page.evaluate(payloadElements)) failures.push(`search "${term}": ${element}`);
    }
    assert.ok(hits > terms.length, `the search found the hostile pages (${hits} results)`);
    await page.close();
    assert.deepEqual([...new Set(failures)], []);
  });
}
