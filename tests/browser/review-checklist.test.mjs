// The review checklist's open boxes can be ticked and stay ticked for the
// page after a reload; boxes the chapter's text answers stay checked and locked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildSuite, buildBook, buildAt, serve, launch } from './support.mjs';

let server;
let browser;

before(async () => {
  buildSuite();
  const chapter = '# Deep dive\n\n## Rollback Plan\nThe publish path sits behind a flag we can turn off in one deploy, falling back to polling.\n\n{{#review-checklist design}}\n';
  const root = buildBook({
    'book.toml': '[book]\ntitle = "Review"\n\n[preprocessor.deepdive-review]\nafter = ["links"]\n',
    'src/SUMMARY.md': '# Summary\n\n- [Deep dive](dive.md)\n',
    'src/dive.md': chapter,
  });
  buildAt(root, ['deepdive-review']);
  server = await serve(join(root, 'book'));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('a ticked open question stays ticked after a reload; answered ones stay locked', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${server.url}/dive.html`);
  const boxes = page.locator('.deepdive-checklist input[type="checkbox"]');
  assert.equal(await boxes.count(), 5);
  const answered = boxes.nth(3); // "How do we roll back?" is answered by the Rollback Plan
  assert.equal(await answered.isChecked(), true);
  assert.equal(await answered.isDisabled(), true);
  const open = boxes.nth(0);
  assert.equal(await open.isChecked(), false);
  assert.equal(await open.isDisabled(), false, 'the script enables open questions');
  await open.check();
  await page.reload();
  assert.equal(await page.locator('.deepdive-checklist input[type="checkbox"]').nth(0).isChecked(), true, 'ticked after reload');
  assert.equal(await page.locator('.deepdive-checklist input[type="checkbox"]').nth(1).isChecked(), false, 'others untouched');
  await page.locator('.deepdive-checklist input[type="checkbox"]').nth(0).uncheck();
  await page.reload();
  assert.equal(await page.locator('.deepdive-checklist input[type="checkbox"]').nth(0).isChecked(), false, 'unticked after reload');
  assert.deepEqual(errors, []);
  await page.close();
});
