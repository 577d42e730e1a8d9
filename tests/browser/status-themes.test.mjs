// Status badges are legible (WCAG AA, 4.5:1) in all five mdBook themes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildSuite, buildBook, buildAt, serve, launch, contrast } from './support.mjs';

const THEMES = ['light', 'rust', 'coal', 'navy', 'ayu'];
const STATUSES = ['planned', 'skeleton', 'draft', 'in-progress', 'review', 'done', 'proposed', 'accepted', 'rejected', 'deprecated', 'superseded'];

let server;
let browser;

before(async () => {
  buildSuite();
  const chapter = `---\ntitle: Badges\nstatus: done\ndate: 2026-01-02\ntags: [redis]\n---\n# Badges\n\n${STATUSES.map((s) => `{{#status ${s}}}`).join(' ')}\n`;
  const root = buildBook({
    'book.toml': '[book]\ntitle = "Badges"\n',
    'src/SUMMARY.md': '# Summary\n\n- [Badges](badges.md)\n',
    'src/badges.md': chapter,
  });
  buildAt(root, ['deepdive-status']);
  server = await serve(join(root, 'book'));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

for (const theme of THEMES) {
  test(`every status badge reaches AA contrast in the ${theme} theme`, async () => {
    const page = await browser.newPage();
    const errors = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.addInitScript((t) => localStorage.setItem('mdbook-theme', t), theme);
    await page.goto(`${server.url}/badges.html`);
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains(localStorage.getItem('mdbook-theme'))), true);
    const badges = await page.$$eval('.deepdive-badge', (els) => els.map((e) => {
      const style = getComputedStyle(e);
      return { text: e.textContent, title: e.title, color: style.color, background: style.backgroundColor };
    }));
    assert.equal(badges.length, STATUSES.length + 1, 'inline badges plus the badge line');
    for (const badge of badges) {
      assert.notEqual(badge.background, 'rgba(0, 0, 0, 0)', `${badge.text} has its own background`);
      assert.ok(badge.title.length > 0, `${badge.text} has a title`);
      const ratio = contrast(badge.color, badge.background);
      assert.ok(ratio >= 4.5, `${theme}: ${badge.text} contrast ${ratio.toFixed(2)}`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('badges keep their colours and an outline in print', async () => {
  const page = await browser.newPage();
  await page.emulateMedia({ media: 'print' });
  await page.goto(`${server.url}/badges.html`);
  const style = await page.$eval('.deepdive-status-done', (e) => {
    const s = getComputedStyle(e);
    return { color: s.color, background: s.backgroundColor, border: s.borderTopColor, adjust: s.printColorAdjust };
  });
  assert.equal(style.adjust, 'exact');
  assert.equal(style.border, 'rgb(0, 0, 0)');
  assert.ok(contrast(style.color, style.background) >= 4.5);
  await page.close();
});
