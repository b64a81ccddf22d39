/** Flag parsing shared by the benchmarks: `--name value` / `--name=value`, booleans as `--flag`. */
import { parseArgs } from 'node:util';

export function flags<T extends Record<string, { type: 'string' | 'boolean'; default?: string | boolean }>>(spec: T, help: string) {
  const { values } = parseArgs({ options: { ...spec, help: { type: 'boolean' } }, allowPositionals: false }) as { values: Record<string, unknown> };
  if (values.help) {
    process.stdout.write(help + '\n');
    process.exit(0);
  }
  return values as unknown as { [K in keyof T]: T[K]['type'] extends 'boolean' ? boolean : string };
}

export function positiveNumber(name: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    process.stderr.write(`--${name} must be a positive number, got "${raw}"\n`);
    process.exit(2);
  }
  return n;
}

export const fmt = (n: number, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a';
