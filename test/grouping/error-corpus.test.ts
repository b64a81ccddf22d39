/**
 * The labelled error corpus (test/fixtures/error-corpus/*.ndjson) against `groupLog`: pairwise precision and
 * recall of the fingerprints against the hand-written labels, printed, and held to the issue's targets.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { groupLog, type GroupingInput } from '../../src/grouping/index.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/error-corpus');
type Labelled = GroupingInput & { group: string; file: string };

function loadCorpus(): Labelled[] {
  const events: Labelled[] = [];
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.ndjson')).sort()) {
    for (const line of fs.readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      if (line.trim()) events.push({ ...(JSON.parse(line) as Labelled), file: name });
    }
  }
  return events;
}

/** Pairwise: a pair is "same" for the labels when both have one group, for the algorithm when both have one fingerprint. */
function pairwise(labels: readonly string[], predicted: readonly string[]) {
  let tp = 0, fp = 0, fn = 0;
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const same = labels[i] === labels[j];
      const grouped = predicted[i] === predicted[j];
      if (same && grouped) tp++;
      else if (grouped) fp++;
      else if (same) fn++;
    }
  }
  return { precision: tp / (tp + fp), recall: tp / (tp + fn) };
}

/** Which labels were split and which fingerprints mixed labels: what to look at when a figure drops. */
function mistakes(events: readonly Labelled[], fingerprints: readonly string[]): string[] {
  const byLabel = new Map<string, Set<string>>();
  const byFingerprint = new Map<string, Set<string>>();
  events.forEach((e, i) => {
    byLabel.set(e.group, (byLabel.get(e.group) ?? new Set()).add(fingerprints[i]));
    byFingerprint.set(fingerprints[i], (byFingerprint.get(fingerprints[i]) ?? new Set()).add(e.group));
  });
  const out: string[] = [];
  for (const [label, fps] of byLabel) if (fps.size > 1) out.push(`split: ${label} into ${fps.size} fingerprints`);
  for (const [fp, labels] of byFingerprint) if (labels.size > 1) out.push(`merged: ${[...labels].join(' + ')} (${fp})`);
  return out;
}

test('the corpus is big and varied enough to mean something', () => {
  const events = loadCorpus();
  const groups = new Set(events.map((e) => e.group));
  assert.ok(events.length >= 300, `${events.length} events`);
  assert.ok(groups.size >= 40, `${groups.size} groups`);
  assert.ok(new Set(events.map((e) => e.file)).size >= 8, 'several languages and sources');
});

test('pairwise precision >= 0.98 and recall >= 0.95 against the labels', () => {
  const events = loadCorpus();
  const groupings = events.map((e) => groupLog(e));
  groupings.forEach((g, i) => assert.ok(g, `event ${i} (${events[i].group}) got no grouping`));
  const fingerprints = groupings.map((g) => g!.fingerprint);
  const { precision, recall } = pairwise(events.map((e) => e.group), fingerprints);
  const problems = mistakes(events, fingerprints);
  console.log(`error corpus: ${events.length} events, ${new Set(events.map((e) => e.group)).size} labelled groups, ` +
    `${new Set(fingerprints).size} fingerprints; pairwise precision ${precision.toFixed(4)}, recall ${recall.toFixed(4)}`);
  for (const p of problems) console.log(`  ${p}`);
  assert.ok(precision >= 0.98, `precision ${precision}`);
  assert.ok(recall >= 0.95, `recall ${recall}`);
});

test('every corpus event gets a readable title and a culprit', () => {
  for (const e of loadCorpus()) {
    const g = groupLog(e)!;
    assert.ok(g.title.length > 0 && g.title.length <= 200, `${e.group}: title "${g.title}"`);
    assert.ok(g.culprit.length > 0 && g.culprit.length <= 200, `${e.group}: culprit "${g.culprit}"`);
    assert.match(g.fingerprint, /^[0-9a-f]{32}$/);
  }
});
