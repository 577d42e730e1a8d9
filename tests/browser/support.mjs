// Shared harness of the browser tests: build a book with the real mdBook and
// the suite's binaries, serve it on 127.0.0.1, drive Debian's Chromium.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join, dirname, extname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const tools = process.env.DEEPDIVE_TOOLS ?? join(homedir(), '.local', 'deepdive-tools');
export const mdbook = join(tools, 'mdbook-0.5.4', 'bin', 'mdbook');
/** The other mdBook the suite supports (see tests/testsuite/support/mod.rs). */
export const mdbook04 = join(tools, 'mdbook-0.4.52', 'bin', 'mdbook');
const suiteBin = join(repoRoot, 'target', 'debug');

/** Builds the suite's binaries (debug, as `cargo test` does) once. */
export function buildSuite() {
  execFileSync('cargo', ['build', '--quiet', '--workspace', '--bins'], { cwd: repoRoot, stdio: 'inherit' });
}

/** Writes `files` ({path: text}) into a new temp folder and builds it; returns its root. */
export function buildBook(files) {
  const root = mkdtempSync(join(tmpdir(), 'deepdive-browser-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  buildAt(root);
  return root;
}

/** Runs `install` of `member` then `mdbook build` (by default 0.5.4) at `root`. */
export function buildAt(root, members = [], mdbookBin = mdbook) {
  // mdbook-mermaid under the fixed name scripts/test links it to.
  const mermaid = join(tools, 'mdbook-mermaid', 'bin');
  const env = { ...process.env, PATH: `${suiteBin}:${mermaid}:${process.env.PATH}` };
  for (const member of members) {
    execFileSync(join(suiteBin, `mdbook-${member}`), ['install', '--book', root], { env });
  }
  execFileSync(mdbookBin, ['build'], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
}

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json' };

/** Serves `dir` on 127.0.0.1 and a free port. */
export async function serve(dir) {
  const server = createServer((request, response) => {
    let path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
    let file = join(dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file.startsWith(dir) || !existsSync(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    response.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => server.close() };
}

/** Debian's Chromium, headless, with the flags this closed network needs. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** WCAG contrast of two CSS `rgb(…)` colours. */
export function contrast(a, b) {
  const luminance = (css) => {
    const [r, g, bl] = css.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
