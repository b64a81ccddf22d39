/**
 * One AI answer: the model's sections (or its plain text) with every [E1] citation a chip linking to the evidence
 * it names, then the evidence list. Everything here came from logs or a model, so it is rendered as text only.
 */
import type { Answer, Evidence } from '../api/insights';
import { linkEvidence, safeEvidenceHref } from '../pages/insights/evidence';
import { formatAgo, formatCount } from '../format';
import { Link } from '../router';

function EvidenceChip({ refText, evidence }: { refText: string; evidence: Evidence | null }) {
  const href = safeEvidenceHref(evidence?.url);
  if (!evidence) {
    return (
      <span className="evidence-chip evidence-missing" title="The model cited evidence it was not given" data-testid="evidence-missing">
        {refText}
      </span>
    );
  }
  if (!href) {
    return (
      <span className="evidence-chip" title={evidence.label}>
        {refText}
      </span>
    );
  }
  return (
    <Link href={href} className="evidence-chip" title={evidence.label} data-testid="evidence-link" data-ref={evidence.ref}>
      {refText}
    </Link>
  );
}

/** A line of model text with its citations as chips. */
export function CitedText({ text, evidence }: { text: string; evidence: Evidence[] }) {
  return (
    <>
      {linkEvidence(text, evidence).map((part, i) =>
        part.kind === 'text' ? <span key={i}>{part.text}</span> : <EvidenceChip key={i} refText={part.text} evidence={part.evidence} />,
      )}
    </>
  );
}

function CitedList({ title, items, evidence }: { title: string; items: string[]; evidence: Evidence[] }) {
  if (!items.length) return null;
  return (
    <section className="answer-section">
      <h3>{title}</h3>
      <ul>
        {items.map((item, i) => (
          <li key={i}>
            <CitedText text={item} evidence={evidence} />
          </li>
        ))}
      </ul>
    </section>
  );
}

export function EvidenceList({ evidence }: { evidence: Evidence[] }) {
  if (!evidence.length) return null;
  return (
    <section className="answer-section">
      <h3>Evidence</h3>
      <ol className="evidence-list" data-testid="evidence-list">
        {evidence.map((e) => {
          const href = safeEvidenceHref(e.url);
          return (
            <li key={e.ref}>
              <span className="evidence-ref">{e.ref}</span> <span className="evidence-type muted">{e.type.replace('_', ' ')}</span>{' '}
              {href ? <Link href={href}>{e.label}</Link> : <span>{e.label}</span>}
              {e.count !== null && <span className="muted"> · {formatCount(e.count)}</span>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

export function AnswerView({ answer }: { answer: Answer }) {
  const { sections, evidence } = answer;
  return (
    <article className="answer" data-testid="ai-answer" data-answer-id={answer.id}>
      {sections ? (
        <>
          <section className="answer-section">
            <h3>Summary</h3>
            <p className="answer-text">
              <CitedText text={sections.summary} evidence={evidence} />
            </p>
          </section>
          <CitedList title="Likely causes" items={sections.likely_causes} evidence={evidence} />
          <CitedList title="What to check next" items={sections.next_steps} evidence={evidence} />
        </>
      ) : (
        <p className="answer-text answer-plain">
          <CitedText text={answer.text} evidence={evidence} />
        </p>
      )}
      <EvidenceList evidence={evidence} />
      <footer className="answer-meta muted small">
        {answer.provider} · {answer.model} · {(answer.took_ms / 1000).toFixed(1)} s · {formatAgo(answer.created_at)} · prompt{' '}
        {formatCount(answer.prompt_chars)} chars{answer.scrubbed > 0 && ` · ${answer.scrubbed} secrets scrubbed before the model saw them`}
      </footer>
    </article>
  );
}
