/**
 * Grouping microbenchmark: nanoseconds per log for `groupLog` (src/grouping) on plain WARN/ERROR lines (the
 * generated messages of bench/lib/logs.ts), on the error corpus's events with a stack (every language), on
 * the whole corpus, and on INFO logs (which return at once). Medians of several runs in this process; no
 * server, no store. Run `npm run bench:grouping -- --help`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractError, groupLog, type GroupingInput } from '../src/grouping/index.js';
import { flags, fmt, positiveNumber } from './lib/args.js';
import { entry, rng } from './lib/logs.js';

const HELP = `npm run bench:grouping -- [--logs 200000] [--runs 7]
Prints ns per log for plain messages, logs with stacks, the whole error corpus, and INFO logs.`;
const args = flags({ logs: { type: 'string', default: '200000' }, runs: { type: 'string', default: '7' } }, HELP);
const n = positiveNumber('logs', args.logs);
const runs = positiveNumber('runs', args.runs);

const corpusDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../test/fixtures/error-corpus');
const corpus: GroupingInput[] = fs.readdirSync(corpusDir).filter((f) => f.endsWith('.ndjson'))
  .flatMap((f) => fs.readFileSync(path.join(corpusDir, f), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as GroupingInput));
const withStack = corpus.filter((e) => extractError(e.context)?.stack || e.message.includes('\n'));

const r = rng(12);
const plain: GroupingInput[] = Array.from({ length: 5000 }, () => ({ ...entry(r), level: r() < 0.7 ? 'WARN' : 'ERROR' }));
const info: GroupingInput[] = plain.map((e) => ({ ...e, level: 'INFO' }));

const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * ns per log over `n` calls cycling through `inputs`, median of `runs`: wall clock, and this process's CPU
 * time (user + system), which a machine shared with other work disturbs less.
 */
function measure(inputs: readonly GroupingInput[]): { wall: number; cpu: number } {
  let sink = 0;
  for (let i = 0; i < Math.min(n, 20_000); i++) sink += groupLog(inputs[i % inputs.length])?.title.length ?? 0; // warm-up (JIT)
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    for (let i = 0; i < n; i++) sink += groupLog(inputs[i % inputs.length])?.title.length ?? 0;
    const used = process.cpuUsage(cpuStart);
    wall.push(Number(process.hrtime.bigint() - started) / n);
    cpu.push(((used.user + used.system) * 1000) / n);
  }
  if (sink < 0) console.log(sink);
  return { wall: median(wall), cpu: median(cpu) };
}

console.log(`grouping benchmark: ${fmt(n)} calls per run, median of ${runs} runs, Node ${process.version}`);
console.log(`| logs | distinct inputs | ns/log (CPU) | ns/log (wall) | logs/s on one core (CPU) |`);
console.log(`| --- | ---: | ---: | ---: | ---: |`);
for (const [name, inputs] of [['plain WARN/ERROR lines', plain], ['errors with a stack (corpus)', withStack], ['whole error corpus', corpus], ['INFO (not grouped)', info]] as const) {
  const { wall, cpu } = measure(inputs);
  console.log(`| ${name} | ${fmt(inputs.length)} | ${fmt(cpu)} | ${fmt(wall)} | ${fmt(1e9 / cpu)} |`);
}
