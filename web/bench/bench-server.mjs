// Builds bench/page.ts (the real app on LocalSync) into bench/dist and serves it on a free port: every path gets
// the page, as serve.mjs does for the app's addresses. Used by run.mjs and ui-check.mjs.
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const here = new URL('./', import.meta.url).pathname;
const out = here + 'dist/';

export async function startBenchServer() {
  mkdirSync(out, { recursive: true });
  await build({ entryPoints: [here + 'page.ts'], outfile: out + 'bench.js', bundle: true, minify: true, format: 'esm',
    target: 'es2022', logLevel: 'warning' });
  copyFileSync(here + '../public/app.css', out + 'app.css');
  writeFileSync(out + 'index.html', readFileSync(here + '../public/index.html', 'utf8')
    .replace('/app.js', '/bench.js').replace(/\s*<link rel="manifest"[^>]*>/, ''));
  const types = { js: 'text/javascript', css: 'text/css', html: 'text/html' };
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const file = ['/bench.js', '/app.css'].includes(path) ? path.slice(1) : 'index.html';
    res.writeHead(200, { 'Content-Type': types[file.split('.').pop()] + '; charset=utf-8' });
    res.end(readFileSync(out + file));
  });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${server.address().port}`, out, close: () => server.close() };
}

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run'];
