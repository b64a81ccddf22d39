/**
 * Prompts for explain and summarise, and the parse of an answer into summary / likely causes / next steps.
 * The model is asked for that format and to cite evidence as [E1]; a small model often does not follow it, and
 * then the answer is kept as text only (sections: null).
 */
import type { AnswerSections } from '../../store/insight-types.js';
import type { AiPrompt } from './provider.js';

const SYSTEM =
  'You are a site reliability engineer reading application logs. Use only the numbered evidence given. ' +
  'Cite evidence as [E1], [E2]. Be brief. Answer in exactly this format:\n' +
  'Summary: <one or two sentences>\nLikely causes:\n- <cause> [E..]\nNext steps:\n- <what to check> [E..]';

export function explainPrompt(subject: string, evidence: string): AiPrompt {
  return { system: SYSTEM, user: `Explain ${subject}.\n\nEvidence:\n${evidence}` };
}

export function summaryPrompt(rangeText: string, evidence: string): AiPrompt {
  return { system: SYSTEM, user: `Summarise what happened in the logs ${rangeText}.\n\nEvidence:\n${evidence}` };
}

const HEADINGS = /^\s*(?:#+\s*|\*\*)?(summary|likely causes?|causes?|next steps?|what to check(?: next)?)\s*(?:\*\*)?\s*:?\s*(?:\*\*)?\s*(.*)$/i;

/** Splits an answer into its sections when it has a summary and at least one cause or step; else null. */
export function parseSections(text: string): AnswerSections | null {
  let current: 'summary' | 'causes' | 'steps' | null = null;
  const summary: string[] = [];
  const likelyCauses: string[] = [];
  const nextSteps: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    const h = HEADINGS.exec(line);
    if (h) {
      const name = h[1]!.toLowerCase();
      current = name.startsWith('summary') ? 'summary' : /cause/.test(name) ? 'causes' : 'steps';
      if (h[2]) push(current, h[2]);
      continue;
    }
    if (current) push(current, line);
  }
  function push(section: 'summary' | 'causes' | 'steps', line: string) {
    const item = line.replace(/^(?:[-*•]|\d+[.)])\s*/, '').trim();
    if (!item) return;
    if (section === 'summary') summary.push(item);
    else (section === 'causes' ? likelyCauses : nextSteps).push(item);
  }
  if (!summary.length || (!likelyCauses.length && !nextSteps.length)) return null;
  return { summary: summary.join(' '), likelyCauses, nextSteps };
}
