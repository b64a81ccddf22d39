/**
 * The live preview: the rule as typed, evaluated by the server over the last 24 h as if it had existed ("would have
 * fired 3 times"), with its value against the threshold on the performance page's chart. It follows the form after
 * a short pause, so typing does not send a request per key.
 */
import { useEffect, useMemo, useState } from 'react';
import { alertsApi, type Condition, type Preview, type RuleInput } from '../../api/alerts';
import { formatClock } from '../../format';
import { Spinner } from '../../components/Feedback';
import { TimeChart, type ChartSeries } from '../../components/TimeChart';
import { formatValue, previewSentence, previewSeries } from './alert-format';

const PAUSE_MS = 600;

interface Props {
  /** null while the form cannot make a rule (the reason is shown by the form). */
  input: RuleInput | null;
  onError: (error: Error | undefined) => void;
}

export function RulePreview({ input, onError }: Props) {
  const key = input ? JSON.stringify({ ...input, name: '', channel_ids: [] }) : '';
  const [preview, setPreview] = useState<Preview>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (!input) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      setLoading(true);
      alertsApi.preview(input, { signal: controller.signal }).then(
        (answer) => {
          setPreview(answer);
          setError(undefined);
          onError(undefined);
          setLoading(false);
        },
        (err: Error) => {
          if (controller.signal.aborted) return;
          setError(err);
          onError(err);
          setLoading(false);
        },
      );
    }, PAUSE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  return (
    <section className="rule-preview" aria-label="Preview" data-testid="rule-preview" data-loading={loading || undefined}>
      <h2 className="section-title">
        Preview over the last 24 h {loading && <Spinner label="Evaluating" />}
      </h2>
      {!input && <p className="muted">Complete the condition to see how often this rule would have fired.</p>}
      {input && error && (
        <div className="banner banner-error" role="alert">
          {error.message}
        </div>
      )}
      {input && preview && !error && <PreviewBody preview={preview} condition={input.condition} />}
    </section>
  );
}

function PreviewBody({ preview, condition }: { preview: Preview; condition: Condition }) {
  const chart = useMemo(() => {
    const s = previewSeries(preview);
    const series: ChartSeries[] = [{ label: 'Value', color: '--accent', values: s.value }];
    if (s.threshold.some((v) => v !== null)) series.push({ label: 'Threshold', color: '--bad', values: s.threshold, dashed: true });
    return { buckets: s.buckets, series };
  }, [preview]);
  const format = (v: number | null) => formatValue(condition, v);
  return (
    <>
      <p className={`preview-sentence ${preview.fired > 0 ? 'bad' : ''}`} data-testid="preview-sentence" data-fired={preview.fired}>
        {previewSentence(preview)}
      </p>
      <TimeChart title="Value vs threshold" buckets={chart.buckets} series={chart.series} format={format} testId="preview-chart" height={180} />
      {preview.firings.length > 0 && (
        <ul className="preview-firings small">
          {preview.firings.slice(0, 8).map((f, i) => (
            <li key={`${f.at}-${f.group ?? ''}-${i}`}>
              {formatClock(Date.parse(f.at), true)}
              {f.group !== null && <span className="mono"> · {f.group}</span>} · {format(f.value)} ·{' '}
              {f.resolved_at ? `resolved ${formatClock(Date.parse(f.resolved_at), true)}` : 'still firing'}
            </li>
          ))}
          {preview.firings.length > 8 && <li className="muted">and {preview.firings.length - 8} more</li>}
        </ul>
      )}
    </>
  );
}
