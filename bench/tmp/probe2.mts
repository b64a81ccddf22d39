import { openStore } from '../../src/store/index.js';
import { encoderFor } from '../../src/query/export-format.js';
const store = await openStore({ databaseUrl: null, dataDir: '/tmp/xb/data', sqliteSynchronous: 'NORMAL' } as any);
for (const fmt of ['ndjson', 'csv', 'ndjson'] as const) {
  const enc = encoderFor(fmt, undefined);
  let cursor: any; let rows = 0; let tq = 0; let te = 0; let bytes = 0;
  const t0 = performance.now();
  for (;;) {
    let a = performance.now();
    const page = await store.scanLogs({ projectIds: [1], limit: 2000, cursor });
    tq += performance.now() - a; a = performance.now();
    const s = enc.encode(page.rows, () => 'p');
    bytes += Buffer.byteLength(s);
    te += performance.now() - a;
    rows += page.rows.length;
    if (!page.next) break; cursor = page.next;
  }
  const t = (performance.now() - t0) / 1000;
  console.log(fmt, rows, Math.round(rows / t), 'logs/s; scan', Math.round(tq), 'ms encode', Math.round(te), 'ms', Math.round(bytes/1e6), 'MB');
}
await store.close();
