import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apdexTone, formatApdex, formatChange, formatMs, formatRate, formatRatio, formatTotal } from './perf-format';

test('durations pick a readable unit and never show NaN', () => {
  assert.equal(formatMs(0), '0 ms');
  assert.equal(formatMs(0.25), '0.25 ms');
  assert.equal(formatMs(4.56), '4.6 ms');
  assert.equal(formatMs(38.4), '38 ms');
  assert.equal(formatMs(1250), '1.25 s');
  assert.equal(formatMs(15_000), '15.0 s');
  assert.equal(formatMs(126_000), '2.1 min');
  assert.equal(formatMs(null), '–');
  assert.equal(formatMs(Number.NaN), '–');
});

test('rates, ratios and changes', () => {
  assert.equal(formatRate(0), '0/min');
  assert.equal(formatRate(0.02), '0.02/min');
  assert.equal(formatRate(4.54), '4.5/min');
  assert.equal(formatRate(12_345), '12.3k/min');
  assert.equal(formatRatio(0), '0%');
  assert.equal(formatRatio(0.004), '0.4%');
  assert.equal(formatRatio(0.123), '12%');
  assert.equal(formatChange(0.4), '+40%');
  assert.equal(formatChange(-0.12), '−12%');
  assert.equal(formatChange(null), '');
  assert.equal(formatTotal(7_200_000), '2.0 h');
});

test('Apdex bands: excellent/good is ok, fair is a warning, poor is bad', () => {
  assert.equal(formatApdex(0.9512), '0.95');
  assert.equal(apdexTone(0.95), 'ok');
  assert.equal(apdexTone(0.8), 'warn');
  assert.equal(apdexTone(0.5), 'bad');
  assert.equal(apdexTone(null), '');
});
