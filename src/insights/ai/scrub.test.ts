import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scrubSecrets } from './scrub.js';

const cases: Array<[string, string, string]> = [
  ['ingest key', 'key dsk_AbCdEfGh12345678 refused', 'dsk_AbCdEfGh'],
  ['user token', 'using dsu_ZZZZyyyy0000xxxx', 'dsu_ZZZZ'],
  ['openai key', 'OPENAI sk-proj-abcdefghijklmnop1234', 'sk-proj-abc'],
  ['aws key id', 'aws AKIAIOSFODNN7EXAMPLE used', 'AKIAIOSFODNN7EXAMPLE'],
  ['github token', 'ghp_0123456789abcdefghijABCDEFGHIJ012345 pushed', 'ghp_0123'],
  ['slack token', 'slack xoxb-1234567890-abcdefghij', 'xoxb-12345'],
  ['bearer', 'Authorization: Bearer abc.def-ghi_jkl123', 'abc.def-ghi'],
  ['jwt', 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U', 'eyJhbGci'],
  ['password=', 'login failed password=hunter2 user=bob', 'hunter2'],
  ['json secret', '{"api_key": "live-123456", "user": "bob"}', 'live-123456'],
  ['url password', 'connect postgres://app:s3cr3t@db:5432/x', 's3cr3t'],
  ['private key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----', 'MIIEow'],
];

for (const [name, input, secret] of cases) {
  test(`scrubs ${name}`, () => {
    const r = scrubSecrets(input);
    assert.ok(!r.text.includes(secret), `${r.text} still holds ${secret}`);
    assert.match(r.text, /\[REDACTED_[A-Z_]+\]/);
    assert.ok(r.replaced >= 1);
  });
}

test('keeps the name of a secret and the text around it', () => {
  const r = scrubSecrets('login failed password=hunter2 user=bob');
  assert.equal(r.text, 'login failed password=[REDACTED_SECRET] user=bob');
  assert.equal(r.replaced, 1);
});

test('leaves ordinary log lines alone and emails unless asked', () => {
  const line = 'GET /api/orders/42 took 1200 ms for alice@example.com';
  assert.deepEqual(scrubSecrets(line), { text: line, replaced: 0 });
  const r = scrubSecrets(line, { emails: true });
  assert.equal(r.text, 'GET /api/orders/42 took 1200 ms for [REDACTED_EMAIL]');
  assert.equal(r.replaced, 1);
});
