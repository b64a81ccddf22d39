import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deliveryLine, describeCondition, formatSeconds, formatValue, mutedFor, previewSentence, previewSeries, ruleBadge } from './alert-format';

test('windows are written in their largest whole unit', () => {
  assert.equal(formatSeconds(30), '30 s');
  assert.equal(formatSeconds(300), '5 m');
  assert.equal(formatSeconds(5400), '90 m');
  assert.equal(formatSeconds(3600), '1 h');
  assert.equal(formatSeconds(86_400), '1 d');
  assert.equal(formatSeconds(90), '90 s');
  assert.equal(formatSeconds(null), '–');
});

test('conditions read as a sentence', () => {
  assert.equal(describeCondition({ kind: 'query', query: 'level:error', window_s: 300, op: '>', threshold: 100, group_by: 'service' }), 'count of `level:error` > 100 in 5 m, per service');
  assert.equal(describeCondition({ kind: 'error_group', event: 'frequency', window_s: 600, threshold: 20 }), 'an error group with > 20 events in 10 m');
  assert.equal(describeCondition({ kind: 'error_group', event: 'new', service: 'api' }), 'a new error group in api');
  assert.equal(describeCondition({ kind: 'error_rate', service: 'api', window_s: 900, threshold_pct: 5 }), 'error rate of service api > 5% over 15 m');
  assert.equal(describeCondition({ kind: 'latency', route: '/x', window_s: 300, percentile: 95, baseline_sigma: 3 }), 'p95 of route /x above its baseline + 3σ over 5 m');
  assert.equal(describeCondition({ kind: 'silence', window_s: 1800 }), 'the project sends nothing for 30 m');
  assert.equal(describeCondition({ kind: 'anomaly', window_s: 3600 }), 'an anomaly in any service (per service) in the last 1 h');
  assert.equal(describeCondition({ kind: 'anomaly', service: 'checkout', metric: 'error_rate', window_s: 900 }), 'an error rate anomaly in service checkout in the last 15 m');
  assert.equal(describeCondition({ kind: 'anomaly', metric: 'volume' }), 'a volume anomaly in any service (per service) in the last 1 h');
});

test('values take the unit of their condition', () => {
  assert.equal(formatValue({ kind: 'latency', window_s: 60, percentile: 95 }, 812.4), '812 ms');
  assert.equal(formatValue({ kind: 'error_rate', window_s: 60 }, 4.56), '4.6%');
  assert.equal(formatValue({ kind: 'query', query: '', window_s: 60, op: '>', threshold: 1 }, 143), '143');
  assert.equal(formatValue({ kind: 'silence', window_s: 60 }, null), '–');
  assert.equal(formatValue({ kind: 'anomaly', window_s: 3600 }, 1), '1 anomaly');
  assert.equal(formatValue({ kind: 'anomaly', window_s: 3600 }, 3), '3 anomalies');
  assert.equal(formatValue({ kind: 'anomaly' }, 0), '0 anomalies');
});

test('the badge says disabled and muted before the state', () => {
  const now = Date.parse('2026-01-01T12:00:00Z');
  assert.deepEqual(ruleBadge({ enabled: true, state: 'firing', muted_until: null }, now), { label: 'firing', tone: 'bad' });
  assert.deepEqual(ruleBadge({ enabled: true, state: 'pending', muted_until: null }, now), { label: 'pending', tone: 'warn' });
  assert.deepEqual(ruleBadge({ enabled: true, state: 'firing', muted_until: '2026-01-01T13:00:00Z' }, now), { label: 'firing · muted', tone: 'muted' });
  assert.deepEqual(ruleBadge({ enabled: true, state: 'ok', muted_until: '2026-01-01T11:00:00Z' }, now), { label: 'ok', tone: 'ok' }, 'an expired mute is no mute');
  assert.deepEqual(ruleBadge({ enabled: false, state: 'firing', muted_until: null }, now), { label: 'disabled', tone: 'off' });
  assert.equal(mutedFor('2026-01-01T12:52:00Z', now), 'muted for 52 min');
  assert.equal(mutedFor('2026-01-02T12:00:00Z', now), 'muted for 24 h');
  assert.equal(mutedFor('2026-01-01T11:00:00Z', now), '');
});

test('the preview sentence and its chart series', () => {
  const base = { from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z' };
  assert.equal(previewSentence({ ...base, fired: 3, evaluations: 1440 }), 'Would have fired 3 times in the last 24 h (1,440 evaluations)');
  assert.equal(previewSentence({ ...base, fired: 1, evaluations: 24 }), 'Would have fired once in the last 24 h (24 evaluations)');
  assert.equal(previewSentence({ ...base, fired: 0, evaluations: 1 }), 'Would have never fired in the last 24 h (1 evaluation)');
  const series = previewSeries({
    points: [
      { at: '2026-01-01T00:02:00Z', value: 5, threshold: 3, state: 'firing' },
      { at: '2026-01-01T00:01:00Z', value: 1, threshold: 3, state: 'ok' },
    ],
  });
  assert.deepEqual(series, { buckets: [Date.parse('2026-01-01T00:01:00Z'), Date.parse('2026-01-01T00:02:00Z')], value: [1, 5], threshold: [3, 3] });
});

test('a delivery in one line', () => {
  assert.equal(deliveryLine({ status: 'sent', last_status_code: 200, attempts: 1, last_error: null }), 'sent · 200 · 1 attempt');
  assert.equal(deliveryLine({ status: 'retrying', last_status_code: 503, attempts: 2, last_error: 'Service Unavailable' }), 'retrying · 503 · 2 attempts · Service Unavailable');
  assert.equal(deliveryLine({ status: 'failed', last_status_code: null, attempts: 5, last_error: 'redirect not followed' }), 'failed · 5 attempts · redirect not followed');
});

test('channel fields become the config of their type', async () => {
  const { channelConfigOf, channelTarget, emailList, emptyChannelForm } = await import('./channel-form');
  const base = { ...emptyChannelForm(), name: 'ops' };
  assert.deepEqual(channelConfigOf({ ...base, url: ' https://x.test/hook ' }), { url: 'https://x.test/hook' });
  assert.deepEqual(channelConfigOf({ ...base, url: 'http://127.0.0.1:9/h', secret: 's3' }), { url: 'http://127.0.0.1:9/h', secret: 's3' });
  assert.throws(() => channelConfigOf({ ...base, url: 'ftp://x' }), /webhook URL/);
  assert.deepEqual(channelConfigOf({ ...base, type: 'slack', slackUrl: 'https://hooks.slack.com/services/T/B/X' }), { webhook_url: 'https://hooks.slack.com/services/T/B/X' });
  assert.throws(() => channelConfigOf({ ...base, type: 'slack', slackUrl: 'http://hooks.slack.com/x' }), /https/);
  assert.deepEqual(emailList('a@x.org, b@y.org;c@z.org\n'), ['a@x.org', 'b@y.org', 'c@z.org']);
  assert.throws(() => channelConfigOf({ ...base, type: 'email', to: ' , ' }), /at least one address/);
  assert.equal(channelTarget('webhook', { url: 'https://x.test/h', has_secret: true }), 'https://x.test/h · signed');
  assert.equal(channelTarget('email', { to: ['a@x.org', 'b@y.org'] }), 'a@x.org, b@y.org');
  assert.equal(channelTarget('slack', { webhook_url: 'https://hooks.slack.com/…/XXXX' }), 'https://hooks.slack.com/…/XXXX');
});

test('a logs_url opens the explorer in place; foreign links stay links', async () => {
  const { dashboardPath, safeHref } = await import('./logs-link');
  const origin = 'http://localhost:3000';
  assert.equal(dashboardPath('http://localhost:3000/explore?project=shop&q=level%3Aerror&from=a&to=b', origin), '/explore?project=shop&q=level%3Aerror&from=a&to=b');
  assert.equal(dashboardPath('https://logs.example.com/explore?project=shop', origin), '/explore?project=shop');
  assert.equal(dashboardPath('/explore?q=x', origin), '/explore?q=x');
  assert.equal(dashboardPath('https://evil.example/phish', origin), null);
  assert.equal(dashboardPath('javascript:alert(1)', origin), null);
  assert.equal(dashboardPath('http://[bad', origin), null);
  assert.equal(safeHref('https://evil.example/phish', origin), 'https://evil.example/phish');
  assert.equal(safeHref('javascript:alert(1)', origin), null);
});
