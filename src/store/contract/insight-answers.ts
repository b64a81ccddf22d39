/** Contract cases: stored AI answers (src/insights/ai) read back as written; the per-project external-AI switch. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NewInsightAnswer } from '../insight-types.js';
import { type Backend, withProject } from './harness.js';

function answer(projectId: number, over: Partial<NewInsightAnswer> = {}): NewInsightAnswer {
  return {
    projectId,
    userId: null,
    kind: 'explain',
    target: { type: 'error_group', id: '7' },
    model: 'SmolLM2-135M-Instruct.Q4_1',
    provider: 'local',
    tookMs: 812,
    text: 'Summary: the database timed out [E1].',
    sections: { summary: 'the database timed out [E1]', likelyCauses: ['pool exhausted [E2]'], nextSteps: ['check the pool'] },
    evidence: [
      { ref: 'E1', type: 'error_group', label: 'TimeoutError: query took > 5 s', count: 42, id: '7', url: '/errors/7' },
      { ref: 'E2', type: 'log', label: 'pool exhausted (émoji ✓ "quoted")', count: null, id: '12', url: '/logs/12' },
    ],
    promptChars: 1834,
    scrubbed: 2,
    ...over,
  };
}

export function insightAnswerCases(b: Backend): void {
  test('insight answers: stored with evidence and sections, re-opened by id, listed newest first per project', async () => {
    const s = await b.fresh();
    const { projectId, userId } = await withProject(s, 'ai-a');
    const other = await withProject(s, 'ai-b');
    const before = Date.now();
    const first = await s.createInsightAnswer(answer(projectId, { userId }));
    assert.match(first.id, /^\d+$/);
    assert.ok(first.createdAt >= before);
    assert.deepEqual({ ...first, id: '', createdAt: 0 }, { ...answer(projectId, { userId }), id: '', createdAt: 0 });
    const second = await s.createInsightAnswer(answer(projectId, { kind: 'summary', sections: null, target: { type: 'range' } }));
    await s.createInsightAnswer(answer(other.projectId));
    assert.deepEqual(await s.getInsightAnswer(first.id), first);
    assert.equal(await s.getInsightAnswer('999999999'), null);
    assert.equal(await s.getInsightAnswer('not-a-number'), null);
    assert.deepEqual((await s.listInsightAnswers([projectId], 10)).map((a) => a.id), [second.id, first.id]);
    assert.equal((await s.listInsightAnswers([projectId], 1)).length, 1);
    assert.equal((await s.listInsightAnswers([projectId, other.projectId], 10)).length, 3);
    assert.deepEqual(await s.listInsightAnswers([], 10), []);
    assert.equal((await s.getInsightAnswer(second.id))?.sections, null);
  });

  test('projects: ai_external_allowed defaults to false, is switched by updateProject and kept by other patches', async () => {
    const s = await b.fresh();
    const { projectId } = await withProject(s, 'ai-switch');
    assert.equal((await s.getProject(projectId))?.aiExternalAllowed, false);
    assert.equal((await s.updateProject(projectId, { aiExternalAllowed: true }))?.aiExternalAllowed, true);
    assert.equal((await s.updateProject(projectId, { name: 'renamed' }))?.aiExternalAllowed, true);
    assert.equal((await s.updateProject(projectId, { aiExternalAllowed: false }))?.aiExternalAllowed, false);
  });
}
