/**
 * compactJsonb against its definition, `JSON.stringify(JSON.parse(text))`, on text written by PostgreSQL
 * itself: generated JSON documents (escapes, any unicode, nesting, every number form, keys that are array
 * indices) go in as jsonb and come back through jsonb's output function.
 *   TEST_DATABASE_URL=postgres://devsmith:devsmith@127.0.0.1:5432/postgres node --import tsx --test src/store/postgres/jsonb-text.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import pg from 'pg';
import { compactJsonb } from './jsonb-text.js';

const url = process.env.TEST_DATABASE_URL;
const reference = (text: string) => JSON.stringify(JSON.parse(text));

/** Number tokens as JSON text, in every form jsonb accepts (it keeps `1.0`'s scale, expands exponents). */
const numberToken = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.stringMatching(/^[0-9]{1,20}$/)).map(([i, f]) => `${i}.${f}`),
  fc.tuple(fc.stringMatching(/^-?[1-9](\.[0-9]{1,5})?$/), fc.constantFrom('e', 'E'), fc.integer({ min: -400, max: 400 })).map((p) => p.join('')),
  fc.constantFrom('0', '-0', '0.0', '-0.0', '1.0', '1e400', '-1e400', '1e-400', '9007199254740993', '123456789012345', '1234567890123456', '0.1', '1e21', '1e-7', '0.000001'),
);

/** Strings of any code point but NUL (jsonb refuses `\u0000`), control characters and quotes included. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom('"', '\\', '/', ' ', ':', ',', '\n', '\t', '\u001f', '\u007f', '\u2028', 'é', '😀', '1', '-'), maxLength: 12 }),
).map((s) => s.replaceAll('\u0000', ''));

const key = fc.oneof(text, fc.constantFrom('0', '1', '10', '2', '007', '-1', '4294967294', '4294967295', '__proto__', ''), fc.nat().map(String));

/** A JSON document as text, numbers written as the token drawn. */
const { doc } = fc.letrec<{ doc: string; value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    numberToken,
    text.map((s) => JSON.stringify(s)),
    fc.constantFrom('true', 'false', 'null'),
    tie('doc'),
    fc.array(tie('value'), { maxLength: 5 }).map((a) => `[${a.join(',')}]`),
  ),
  doc: fc.array(fc.tuple(key, tie('value')), { maxLength: 6 }).map((kv) => `{${kv.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
}));

describe('compactJsonb', () => {
  test('PostgreSQL text forms, by hand', () => {
    const cases = [
      '{}',
      '[]',
      '{"a": 1, "b": [1, 2], "c": {"d": null, "e": true, "f": false}}',
      '{"a": "x: y, z", "b": "\\"quoted\\" \\\\ back\\\\", "c": "\\u001f\\n\\t é 😀"}',
      '{"n": [1.0, 0.0000001, 0.1, -0.50, 12345678901234567890, 123456789012345, 100]}',
      '{"b": 1, "10": 2, "2": 3}', // JavaScript lists index keys first
      '{"a": {"0": "x", "b": [{"7": 1}]}}',
      '{"x": "\\\\", "y": "\\\\\\""}',
      '{"a": [-0, 1e400, 1E2, -1.5e-9]}', // not jsonb's forms, but the same definition
    ];
    for (const c of cases) assert.equal(compactJsonb(c), reference(c), c);
  });

  test('returns the text itself when nothing differs', () => {
    const c = '{"a":1}';
    assert.equal(compactJsonb(c), c);
  });
});

if (!url) {
  test('jsonb text forms from PostgreSQL', (t) => t.skip('jsonb property test NOT RUN: set TEST_DATABASE_URL'));
} else {
  describe('compactJsonb on text written by PostgreSQL', () => {
    const client = new pg.Client({ connectionString: url });
    before(() => client.connect());
    after(() => client.end());

    test('equals JSON.stringify(JSON.parse(text)) for generated documents', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(doc, { minLength: 1, maxLength: 20 }), async (docs) => {
          const { rows } = await client.query<{ t: string }>('SELECT d::jsonb::text AS t FROM unnest($1::text[]) AS d', [docs]);
          for (const { t } of rows) assert.equal(compactJsonb(t), reference(t), t);
        }),
        { numRuns: 300 },
      );
    });
  });
}
