// Builds the app into dist/: the page's script, the static files, the SDK alone (minified, to report its size),
// and last the service worker, whose cache name carries a hash of the shell it caches (a new build, a new cache).
// esbuild only: no framework, no dev server.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const dist = new URL('./dist/', import.meta.url).pathname;
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });

const common = { bundle: true, format: 'esm', target: 'es2022', sourcemap: true, logLevel: 'warning' };
const entries = [
  ['src/app/main.ts', 'app.js', { minify: true }],
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
if (existsSync('src/sw.ts')) {
  const shell = ['index.html', 'app.js', 'app.css', 'manifest.webmanifest', 'icon.svg'];
  const hash = createHash('sha256');
  for (const file of shell) {
    if (existsSync(dist + file)) hash.update(file).update(readFileSync(dist + file));
  }
  const buildId = hash.digest('hex').slice(0, 12);
  await build({ ...common, minify: true, format: 'iife', entryPoints: ['src/sw.ts'], outfile: dist + 'sw.js',
    define: { __BUILD_ID__: JSON.stringify(buildId) } });
  console.log('service worker cache', buildId);
}
console.log('built', dist);
