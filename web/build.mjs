// Builds the app into dist/: the page's script, the service worker, the static files, and the SDK alone
// (minified, to report its size). esbuild only: no framework, no dev server.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';

const dist = new URL('./dist/', import.meta.url).pathname;
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const common = { bundle: true, format: 'esm', target: 'es2022', sourcemap: true, logLevel: 'warning' };
const entries = [
  ['src/app/main.ts', 'app.js', { minify: true }],
  ['src/sw.ts', 'sw.js', { minify: true, format: 'iife' }],
  ['src/sdk/index.ts', 'sdk.min.js', { minify: true }],
];
for (const [entry, out, extra] of entries) {
  if (existsSync(entry)) {
    await build({ ...common, ...extra, entryPoints: [entry], outfile: dist + out });
  }
}
if (existsSync('public')) {
  cpSync('public', dist, { recursive: true });
}
console.log('built', dist);
