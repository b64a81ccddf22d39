/**
 * The project's sampling in its settings: a keep-percentage per level the API lets a project sample (TRACE,
 * DEBUG, INFO; WARN and above are never sampled, src/quotas/sampling.ts), turned into the API's keep rates
 * (0-1), and the one sentence that says what the setting means.
 */
import { FieldProblem } from './plan-form';

export const SAMPLED_LEVELS = ['TRACE', 'DEBUG', 'INFO'] as const;
export type SampledLevel = (typeof SAMPLED_LEVELS)[number];
export type SamplingRates = Record<string, number>;
/** Percent typed per level; empty keeps everything. */
export type SamplingForm = Record<SampledLevel, string>;

/** 0.1 → "10" (rounded to hundredths of a percent, so 0.1 * 100 does not show as 10.000000000000002). */
const percentOf = (rate: number) => String(Math.round(rate * 10_000) / 100);

export function samplingFormOf(rates: SamplingRates | null | undefined): SamplingForm {
  const form = { TRACE: '', DEBUG: '', INFO: '' };
  for (const level of SAMPLED_LEVELS) {
    const rate = rates?.[level];
    if (rate !== undefined && rate < 1) form[level] = percentOf(rate);
  }
  return form;
}

/** The API's body: keep rates below 1 only; null when nothing is sampled (which turns sampling off). */
export function samplingRatesOf(form: SamplingForm): SamplingRates | null {
  const rates: SamplingRates = {};
  for (const level of SAMPLED_LEVELS) {
    const text = form[level].trim().replace(/\s*%$/, '');
    if (text === '') continue;
    const percent = Number(text);
    if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
      throw new FieldProblem('sampling', `Keep % of ${level} must be a number from 0 to 100 (empty keeps all).`);
    }
    if (percent < 100) rates[level] = Math.round(percent * 100) / 10_000;
  }
  return Object.keys(rates).length > 0 ? rates : null;
}

/** Same rates, whatever the key order (the server may answer them in another order than they were sent). */
export function sameSampling(a: SamplingRates | null | undefined, b: SamplingRates | null | undefined): boolean {
  const norm = (r: SamplingRates | null | undefined) => JSON.stringify(SAMPLED_LEVELS.map((l) => r?.[l] ?? 1));
  return norm(a) === norm(b);
}

const joinAnd = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);

/** "Keeps 10 % of DEBUG and INFO; counts are estimated." (levels with the same rate grouped, in level order). */
export function describeSampling(rates: SamplingRates | null | undefined): string {
  const groups = new Map<number, string[]>();
  for (const level of SAMPLED_LEVELS) {
    const rate = rates?.[level];
    if (rate === undefined || rate >= 1) continue;
    groups.set(rate, [...(groups.get(rate) ?? []), level]);
  }
  if (groups.size === 0) return 'Keeps every log: no sampling.';
  const parts = [...groups].map(([rate, levels]) => `${percentOf(rate)} % of ${joinAnd(levels)}`);
  return `Keeps ${joinAnd(parts)}; counts are estimated.`;
}
