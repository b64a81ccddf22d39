/** detectAnomalies on generated series: injected spikes, drops and level shifts are found; a seasonal series alone raises nothing. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectAnomalies } from './detect.js';
import type { Series } from './types.js';

const STEP = 5 * 60_000;
const DAY = 86_400_000;
const PER_DAY = DAY / STEP;
const START = Date.UTC(2026, 10, 1);

function rng(seed: number) {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
}

/** Daily cycle from 20 to 220 logs per 5 minutes, with Poisson-like noise (normal approximation). */
function seasonal(days: number, seed = 3): Series {
  const r = rng(seed);
  const values = Array.from({ length: days * PER_DAY }, (_, i) => {
    const mean = 120 + 100 * Math.sin((2 * Math.PI * (i % PER_DAY)) / PER_DAY);
    const gauss = Math.sqrt(-2 * Math.log(r() || 1e-9)) * Math.cos(2 * Math.PI * r());
    return Math.max(0, Math.round(mean + gauss * Math.sqrt(mean)));
  });
  return { start: START, step: STEP, values };
}

const lastDay = (s: Series) => s.start + (s.values.length - PER_DAY) * STEP;

test('a seasonal series without incidents raises no alarm over its last day (seasonal baseline)', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const s = seasonal(8, seed);
    const found = detectAnomalies(s, { from: lastDay(s) });
    assert.deepEqual(found, [], `seed ${seed}: ${JSON.stringify(found)}`);
  }
});

test('an injected spike is found at its bucket, as a spike, against the seasonal baseline', () => {
  const s = seasonal(8);
  const i = s.values.length - PER_DAY + 100;
  s.values[i] = s.values[i]! * 4 + 50;
  const found = detectAnomalies(s, { from: lastDay(s) });
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0]!.kind, 'spike');
  assert.equal(found[0]!.baseline, 'seasonal');
  assert.equal(found[0]!.from, s.start + i * STEP);
  assert.ok(found[0]!.score >= 4);
});

test('an injected drop is found as a drop', () => {
  const s = seasonal(8);
  const i = s.values.length - PER_DAY + 150;
  s.values[i] = 0;
  s.values[i + 1] = 2;
  const found = detectAnomalies(s, { from: lastDay(s) });
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0]!.kind, 'drop');
  assert.equal(found[0]!.from, s.start + i * STEP);
  assert.equal(found[0]!.to, s.start + (i + 2) * STEP);
  assert.ok(found[0]!.score <= -4);
});

test('a level shift (traffic tripled from a point on) is one level_shift window starting there', () => {
  const s = seasonal(8);
  const i = s.values.length - PER_DAY + 60;
  for (let k = i; k < i + 36; k++) s.values[k] = s.values[k]! * 3;
  const found = detectAnomalies(s, { from: lastDay(s) });
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0]!.kind, 'level_shift');
  assert.equal(found[0]!.from, s.start + i * STEP);
  assert.ok(found[0]!.observed > found[0]!.expected * 2);
});

test('with under 3 days of history the rolling median/MAD baseline finds a spike and nothing else', () => {
  const r = rng(9);
  const values = Array.from({ length: 72 }, () => 50 + Math.round((r() - 0.5) * 14));
  values[60] = 400;
  const found = detectAnomalies({ start: START, step: STEP, values }, { from: START + 24 * STEP });
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0]!.kind, 'spike');
  assert.equal(found[0]!.baseline, 'rolling');
  assert.equal(found[0]!.from, START + 60 * STEP);
});

test('error rate: a jump from 2 % to 40 % is found; the same rate over too few events is not judged', () => {
  const n = 72;
  const weights = new Array<number>(n).fill(200);
  const values = Array.from({ length: n }, (_, i) => 0.02 + (i % 3) * 0.005);
  values[50] = 0.4;
  values[60] = 0.9;
  weights[60] = 5; // 5 events: not evidence
  const found = detectAnomalies({ start: START, step: STEP, values, weights }, { from: START + 24 * STEP, kind: 'rate' });
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0]!.from, START + 50 * STEP);
  assert.equal(found[0]!.kind, 'spike');
});

test('a rate\'s rolling baseline skips sparse buckets but reaches back no further than twice its window', () => {
  const n = 72;
  const weights = new Array<number>(n).fill(200);
  const values = new Array<number>(n).fill(0.02);
  for (let i = 30; i < 70; i++) weights[i] = 3; // a quiet stretch: too few events to be a baseline
  values[70] = 0.6;
  // Judged at 70: the 24 buckets before (46..69) hold no usable rate, so there is no baseline, not one from 29.
  assert.deepEqual(detectAnomalies({ start: START, step: STEP, values, weights }, { from: START + 70 * STEP, kind: 'rate' }), []);
  // With the stretch ending at 60, the usable buckets 60..69 (10 of them, >= 4) are the baseline: found.
  for (let i = 60; i < 70; i++) weights[i] = 200;
  const found = detectAnomalies({ start: START, step: STEP, values, weights }, { from: START + 70 * STEP, kind: 'rate' });
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0]!.baseline, 'rolling');
});
