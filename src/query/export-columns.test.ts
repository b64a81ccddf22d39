import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { EARLIEST_TIME, LATEST_TIME } from './params.js';
import { IsoTimes } from './export-columns.js';
import { csvCell } from './csv.js';

test('IsoTimes formats like Date#toISOString, in order or not, before 1970 and up to 9999', () => {
  const times = new IsoTimes();
  fc.assert(
    fc.property(fc.array(fc.integer({ min: EARLIEST_TIME, max: LATEST_TIME }), { minLength: 1, maxLength: 20 }), (ms) => {
      // Neighbours within a second exercise the remembered second; the rest replace it.
      for (const t of ms.flatMap((m) => [m, m + 1, m - 999].filter((x) => x >= EARLIEST_TIME && x <= LATEST_TIME))) {
        assert.equal(times.format(t), new Date(t).toISOString());
      }
    }),
    { numRuns: 2000 },
  );
});

test('csvCell: quoting per RFC 4180, formula-like cells prefixed, plain numbers kept', () => {
  const cases: Array<[string, string]> = [
    ['plain', 'plain'],
    ['', ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1+2', "'-1+2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['=HYPERLINK("u","c")', `"'=HYPERLINK(""u"",""c"")"`],
    ['-5', '-5'],
    ['-1.5e3', '-1.5e3'],
    ['- list item', "'- list item"],
  ];
  for (const [input, expected] of cases) assert.equal(csvCell(input), expected, JSON.stringify(input));
});
