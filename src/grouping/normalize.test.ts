import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeChunkWithPattern, normalizeMessage, normalizeToken } from './normalize.js';

const cases: Array<[string, string]> = [
  ['Payment for order 8812 failed', 'Payment for order <num> failed'],
  ['User 3f2b1c9e-1a2b-4c3d-8e9f-0123456789ab not found', 'User <uuid> not found'],
  ['Login failed for bob.smith+x@example.co.uk from 10.0.3.14', 'Login failed for <email> from <ip>'],
  ['connect ECONNREFUSED 127.0.0.1:6379 after 250ms', 'connect ECONNREFUSED <ip>:<num> after <duration>'],
  ['dial tcp [2001:db8::1]:443: i/o timeout', 'dial tcp [<ip>]:<num>: i/o timeout'],
  ['peer fe80::1ff:fe23:4567:890a went away', 'peer <ip> went away'],
  ['Job started at 2024-01-03T10:22:33.123Z, due 2024-01-04', 'Job started at <ts>, due <ts>'],
  ['Deadlock at 12:30:45 on table orders', 'Deadlock at <ts> on table orders'],
  ['User "Alice Smith" has no role \'admin\'', 'User <str> has no role <str>'],
  ["can't find user's profile", "can't find user's profile"],
  ["undefined method `id' for nil:NilClass; run `make test`", 'undefined method <str> for nil:NilClass; run <str>'],
  ['Could not open /var/data/uploads/report-7.csv: denied', 'Could not open <path>: denied'],
  ['Could not read C:\\Users\\bob\\app.ini', 'Could not read <path>'],
  ['missing ~/config.yml and ./data/x.json', 'missing <path> and <path>'],
  ['GET /api/orders/123/items returned 500', 'GET /api/orders/<num>/items returned <num>'],
  ['GET https://api.stripe.com/v1/charges/ch_3MqL8x2eZvKYlo2C?expand=customer&limit=10 returned 502', 'GET https://api.stripe.com/v1/charges/<id>?expand=<str>&limit=<num> returned <num>'],
  ['POST http://10.1.2.3:8080/hooks failed', 'POST http://<ip>:<num>/hooks failed'],
  ['trace 4bf92f3577b34da6a3ce929d0e0e4736 ptr 0xc000123abc', 'trace <hex> ptr <hex>'],
  ['retry #4 of 10 in 1.5s (took 12 seconds)', 'retry #<num> of <num> in <duration> (took <num> seconds)'],
  ['worker-3 at pod web-7f9c8d5b6-x2kq4 over 512MB', 'worker-<num> at pod <id> over <num>MB'],
  ['E11000 duplicate key; utf8 v1 x86_64 sha256', 'E11000 duplicate key; utf8 v1 x86_<num> sha256'],
  ['first line 42\nsecond line 43', 'first line <num>'],
];

test('variable parts become readable placeholders', () => {
  for (const [input, expected] of cases) assert.equal(normalizeMessage(input), expected, input);
});

test('the same template from different values, different templates from different words', () => {
  assert.equal(normalizeMessage('Payment for order 1 failed'), normalizeMessage('Payment for order 99999 failed'));
  assert.notEqual(normalizeMessage('Payment for order 1 failed'), normalizeMessage('Refund for order 1 failed'));
  assert.notEqual(normalizeMessage('GET /users/5 failed'), normalizeMessage('GET /orders/5 failed'));
});

test('tokens: numbers, hex ids, mixed ids and counters', () => {
  assert.equal(normalizeToken('123'), '<num>');
  assert.equal(normalizeToken('1.2.3'), '<num>');
  assert.equal(normalizeToken('507f1f77bcf86cd799439011'), '<hex>');
  assert.equal(normalizeToken('req-8f2k3j9x'), '<id>');
  assert.equal(normalizeToken('build-2024'), 'build-<num>');
  assert.equal(normalizeToken('v2'), 'v2');
});

test('long messages are cut before the work, so a huge line costs no more than 1,000 characters', () => {
  const huge = 'x'.repeat(5000) + ' 42';
  assert.equal(normalizeMessage(huge), 'x'.repeat(1000));
});

test('the shortcuts for common chunks give what the full pattern gives', async () => {
  const { default: fc } = await import('fast-check');
  const chunk = fc.stringMatching(/^[([{#]?(?:[0-9]{1,6}|[A-Za-z_][A-Za-z0-9_-]{0,12}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})[)\]},;:.!?]?$/);
  fc.assert(fc.property(chunk, (c) => assert.equal(normalizeMessage(c), normalizeChunkWithPattern(c), c)), { numRuns: 3000 });
});
