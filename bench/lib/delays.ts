/**
 * Delay from an acknowledged write to (a) the log being found by a text search and (b) the log arriving
 * on an open live-tail stream, measured with probe logs carrying a unique word, while a background load
 * keeps ingesting (an idle server would flatter both figures).
 */
import { percentile, runLoad } from './load.js';
import { batchBody, rng } from './logs.js';

export interface DelayOptions {
  url: string;
  cookie: string;
  apiKey: string;
  projectId: number;
  probes: number;
  backgroundLogsPerSec: number;
}

interface Stats {
  median: number;
  p95: number;
  max: number;
}
const stats = (xs: number[]): Stats => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: percentile(s, 50), p95: percentile(s, 95), max: s.at(-1) ?? NaN };
};

/** Opens the live tail filtered on the probe word; calls back with each probe word seen and when. */
async function openTail(o: DelayOptions, onProbe: (word: string, at: number) => void, signal: AbortSignal): Promise<void> {
  const res = await fetch(`${o.url}/api/logs/stream?project=${o.projectId}&q=benchprobe`, { headers: { cookie: o.cookie }, signal });
  if (!res.ok || !res.body) throw new Error(`live tail: ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const at = performance.now();
        for (const m of decoder.decode(value, { stream: true }).matchAll(/bp\d+z[a-z0-9]+/g)) onProbe(m[0], at);
      }
    } catch {
      /* aborted at the end */
    }
  })();
}

export async function measureDelays(o: DelayOptions): Promise<{ search: Stats; tail: Stats; backgroundLogsPerSec: number }> {
  const stop = new AbortController();
  const r = rng(99);
  const bodies = Array.from({ length: 100 }, () => Buffer.from(batchBody(r, 100)));
  const background = o.backgroundLogsPerSec > 0
    ? runLoad({
        url: o.url,
        path: '/api/logs/batch',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${o.apiKey}` },
        bodies,
        concurrency: 4,
        durationMs: 10 * 60_000,
        rate: o.backgroundLogsPerSec / 100,
        signal: stop.signal,
      })
    : Promise.resolve(null);
  const seen = new Map<string, number>();
  await openTail(o, (word, at) => seen.set(word, at), stop.signal);
  await new Promise((res) => setTimeout(res, 1000)); // let the stream subscribe and the load settle

  const searchDelays: number[] = [];
  const tailDelays: number[] = [];
  try {
    for (let i = 0; i < o.probes; i++) {
      const word = `bp${i}z${Math.random().toString(36).slice(2, 10)}`;
      const res = await fetch(`${o.url}/api/logs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${o.apiKey}` },
        body: JSON.stringify({ service_name: 'probe', log: { level: 'INFO', message: `benchprobe ${word} written at ${new Date().toISOString()}` } }),
      });
      if (res.status !== 201) throw new Error(`probe write: ${res.status} ${await res.text()}`);
      const acked = performance.now();
      for (;;) {
        const q = await fetch(`${o.url}/api/logs?project=${o.projectId}&q=${word}&limit=1`, { headers: { cookie: o.cookie } });
        const body = (await q.json()) as { data: unknown[] };
        if (body.data.length) break;
        if (performance.now() - acked > 60_000) throw new Error(`probe ${word} not searchable after 60 s`);
        await new Promise((res) => setTimeout(res, 20));
      }
      searchDelays.push(performance.now() - acked);
      while (!seen.has(word) && performance.now() - acked < 30_000) await new Promise((res) => setTimeout(res, 5));
      if (!seen.has(word)) throw new Error(`probe ${word} never reached the live tail`);
      tailDelays.push(Math.max(0, seen.get(word)! - acked));
      await new Promise((res) => setTimeout(res, 200));
    }
  } finally {
    stop.abort();
  }
  const load = await background;
  const elapsed = load ? load.elapsedMs / 1000 : 1;
  const ok = load ? Object.entries(load.byStatus).filter(([s]) => s.startsWith('2')).reduce((n, [, c]) => n + c, 0) : 0;
  return { search: stats(searchDelays), tail: stats(tailDelays), backgroundLogsPerSec: (ok * 100) / elapsed };
}
