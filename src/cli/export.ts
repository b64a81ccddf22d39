/** `devsmith export`: the logs matching the filters, as NDJSON or CSV, streamed to stdout or a file. */
import { once } from 'node:events';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { answerText, cannotReach } from './http.js';
import type { CliValues } from './options.js';
import { resolveToken } from './tail.js';

const FORMATS = ['ndjson', 'csv'];

function exportQuery(values: CliValues, format: string): URLSearchParams {
  const qs = new URLSearchParams({ format });
  for (const p of values.project ?? []) qs.append('project', p);
  for (const s of values.service ?? []) qs.append('service', s);
  for (const l of values.level ?? []) qs.append('level', l);
  for (const name of ['from', 'to', 'q', 'limit', 'columns'] as const) if (values[name] !== undefined) qs.set(name, values[name]);
  for (const pair of values.ctx ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new Error(`--ctx takes path=value (e.g. --ctx http.status=500), got "${pair}"`);
    qs.set(`ctx.${pair.slice(0, eq)}`, pair.slice(eq + 1));
  }
  return qs;
}

/** Counts what passes through; on a terminal, shows it against the server's X-Total-Count every 250 ms. */
class Progress {
  bytes = 0;
  lines = 0;
  /** The last bytes seen: an NDJSON export that failed mid-way ends with an `{"error": ...}` line. */
  tail = '';
  private shown = 0;
  constructor(private readonly total: number, readonly tty: boolean) {}
  add(chunk: Buffer) {
    this.bytes += chunk.length;
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) this.lines++;
    this.tail = (this.tail + chunk.toString('utf8', Math.max(0, chunk.length - 2048))).slice(-2048);
    if (this.tty && Date.now() - this.shown > 250) this.show();
  }
  show(final = false) {
    this.shown = Date.now();
    const pct = this.total > 0 ? ` (${Math.min(100, Math.floor((this.lines / this.total) * 100))} %)` : '';
    process.stderr.write(`\rexported ${this.lines.toLocaleString('en-US')} of ~${this.total.toLocaleString('en-US')} lines${pct}, ${(this.bytes / 1e6).toFixed(1)} MB${final ? '\n' : ''}`);
  }
  serverError(): string | null {
    const last = this.tail.trimEnd().split('\n').at(-1) ?? '';
    try {
      const parsed = JSON.parse(last) as { error?: { message?: string } };
      return parsed.error?.message ?? null;
    } catch {
      return null;
    }
  }
}

/**
 * Body to the file (written as it comes: what arrived before a failure stays) or to stdout (at the pace
 * stdout takes it).
 */
async function copy(body: Readable, file: string | null, progress: Progress): Promise<void> {
  const fd = file ? fs.openSync(file, 'w') : null;
  let stdoutError: Error | null = null; // EPIPE when the reader of stdout is gone
  const onError = (err: Error) => (stdoutError = err);
  process.stdout.on('error', onError);
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      progress.add(chunk);
      if (fd !== null) for (let done = 0; done < chunk.length; ) done += fs.writeSync(fd, chunk, done);
      else if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
      if (stdoutError) throw stdoutError;
    }
  } finally {
    process.stdout.off('error', onError);
    if (fd !== null) fs.closeSync(fd);
  }
}

export async function exportCommand(env: Record<string, string | undefined>, values: CliValues): Promise<number> {
  const format = values.format ?? 'ndjson';
  if (!FORMATS.includes(format)) {
    console.error(`devsmith export: --format must be ndjson or csv, got "${format}"`);
    return 2;
  }
  const { url, token, fromLogin } = resolveToken(values, env);
  const qs = exportQuery(values, format);
  let res: Response;
  try {
    res = await fetch(`${url}/api/logs/export?${qs}`, { headers: { Authorization: `Bearer ${token}` } });
  } catch (err) {
    console.error(`devsmith export: ${cannotReach(url, err)}`);
    return 1;
  }
  if (!res.ok || !res.body) {
    const hint = res.status === 401 && fromLogin ? ' (the stored login no longer works: run "devsmith login" again)' : '';
    console.error(`devsmith export: ${url} answered ${await answerText(res)}${hint}`);
    return 1;
  }
  // A file is written beside its name and renamed when complete: a cut export never looks like a whole one.
  const part = values.output ? `${values.output}.part` : null;
  const progress = new Progress(Number(res.headers.get('x-total-count') ?? 0) + (format === 'csv' ? 1 : 0), Boolean(process.stderr.isTTY));
  try {
    await copy(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), part, progress);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EPIPE') return 0; // the reader of stdout stopped (| head)
    const why = progress.serverError() ?? `the connection ended early (${(err as Error).message})`;
    console.error(`${progress.tty ? '\n' : ''}devsmith export: the export is incomplete: ${why}${part ? `; what arrived is in ${part}` : ''}`);
    return 1;
  }
  if (part) fs.renameSync(part, values.output!);
  if (progress.tty) progress.show(true);
  if (values.output) console.error(`devsmith export: wrote ${(progress.bytes / 1e6).toFixed(1)} MB to ${values.output}`);
  return 0;
}
