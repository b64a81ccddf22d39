import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Evidence } from '../../api/insights';
import { citedRefs, linkEvidence, safeEvidenceHref } from './evidence';

const ev = (ref: string, url = `/explore/log/${ref}`): Evidence => ({ ref, type: 'log', label: ref, count: null, id: null, url });
const E = [ev('E1'), ev('E2'), ev('E3')];

describe('linkEvidence', () => {
  it('splits text and single citations', () => {
    const parts = linkEvidence('Disk full [E1]. Check [E2]', E);
    assert.deepEqual(
      parts.map((p) => (p.kind === 'text' ? p.text : `<${p.text}:${p.evidence?.url}>`)),
      ['Disk full ', '<E1:/explore/log/E1>', '. Check ', '<E2:/explore/log/E2>'],
    );
  });
  it('expands grouped citations and adjacent ones', () => {
    const cites = linkEvidence('x [E1, E3][E2]', E).filter((p) => p.kind === 'cite').map((p) => p.text);
    assert.deepEqual(cites, ['E1', 'E3', 'E2']);
  });
  it('keeps an unknown ref as an unlinked citation', () => {
    const part = linkEvidence('see [E9]', E)[1];
    assert.equal(part.kind, 'cite');
    assert.equal(part.kind === 'cite' && part.evidence, null);
  });
  it('leaves text without citations whole, markup included', () => {
    assert.deepEqual(linkEvidence('<img src=x onerror=alert(1)> [x]', E), [{ kind: 'text', text: '<img src=x onerror=alert(1)> [x]' }]);
  });
  it('lists cited refs once in order', () => {
    assert.deepEqual(citedRefs('[E2] a [E1, E2] b [e3]'), ['E2', 'E1']);
  });
});

describe('safeEvidenceHref', () => {
  it('accepts dashboard paths only', () => {
    assert.equal(safeEvidenceHref('/errors/12'), '/errors/12');
    assert.equal(safeEvidenceHref('javascript:alert(1)'), null);
    assert.equal(safeEvidenceHref('//evil.example/x'), null);
    assert.equal(safeEvidenceHref('https://evil.example/'), null);
    assert.equal(safeEvidenceHref('/\\evil.example'), null);
    assert.equal(safeEvidenceHref(null), null);
  });
});
