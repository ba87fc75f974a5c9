// Measures the app in real Chromium (a script, not a test): time to first render of a 1,000-item list, and time for
// a page to apply 10,000 incoming events. No stack needed: bench/page.ts runs the real app on LocalSync, the SDK's
// fold and view path over a log in memory (IndexedDB and the network are left out; see web/README.md "App").
//
//   node bench/run.mjs [runs=5]        (from web/; needs /usr/bin/chromium, or CHROMIUM=path)
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, startBenchServer } from './bench-server.mjs';

const runs = Number(process.argv[2] ?? 5);
const server = await startBenchServer();
const { base, out } = server;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: CHROMIUM_ARGS });
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)].toFixed(0)} ms (min ${s[0].toFixed(0)}, max ${s[s.length - 1].toFixed(0)}, ${s.length} runs)`;
};
try {
  const first = [], fold = [], incoming = [], heap = [];
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('pageerror', e => console.error('page error:', e.message));
    await page.goto(`${base}/lists/bench?items=1000`);
    const r = await page.evaluate(() => globalThis.bench.firstRender);
    if (r.rows !== 1000) throw new Error(`first render showed ${r.rows} rows, not 1000`);
    first.push(r.paintedMs);
    fold.push(r.foldMs);

    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const before = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    const inc = await page.evaluate(() => globalThis.bench.incoming(10000));
    if (inc.rows !== inc.expectedRows) throw new Error(`after 10,000 events the page shows ${inc.rows} rows, expected ${inc.expectedRows}`);
    incoming.push(inc.ms);
    await cdp.send('HeapProfiler.collectGarbage');
    heap.push(((await cdp.send('Runtime.getHeapUsage')).usedSize - before) / 1024 / 1024);
    if (i === 0) await page.screenshot({ path: out + 'bench-after-10000.png' });
    await context.close();
  }
  console.log(`first render of a 1,000-item list (navigation start to painted rows): ${stats(first)}`);
  console.log(`  of which folding the 1,002-entry log: ${stats(fold)}`);
  console.log(`apply 10,000 incoming events (fold, view, render; batches of 100 per task): ${stats(incoming)}`);
  console.log(`JS heap kept after the 10,000 events: ${heap.map(h => h.toFixed(1)).join(', ')} MB`);
} finally {
  await browser.close();
  server.close();
}
