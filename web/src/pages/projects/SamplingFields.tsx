/** The project's sampling in its settings: keep % per level that may be sampled, and what that means in one sentence. */
import { FieldError } from './FieldError';
import { SAMPLED_LEVELS, describeSampling, samplingRatesOf, type SamplingForm } from './sampling-form';

interface SamplingFieldsProps {
  value: SamplingForm;
  onChange: (value: SamplingForm) => void;
  error?: string;
}

/** The sentence for what is typed; while a value is not valid yet, the field's own problem says so instead. */
function meaning(form: SamplingForm): string {
  try {
    return describeSampling(samplingRatesOf(form));
  } catch {
    return 'Type a percentage from 0 to 100 per level.';
  }
}

export function SamplingFields({ value, onChange, error }: SamplingFieldsProps) {
  return (
    <fieldset className="rule-fieldset sampling-fields" aria-describedby="sampling-summary">
      <legend>Sampling</legend>
      <div className="form-row">
        {SAMPLED_LEVELS.map((level) => (
          <label key={level}>
            Keep % of {level}
            <input
              inputMode="decimal"
              value={value[level]}
              onChange={(e) => onChange({ ...value, [level]: e.target.value })}
              placeholder="100"
              data-testid={`sampling-${level}`}
            />
          </label>
        ))}
      </div>
      <span className="hint" id="sampling-summary" data-testid="sampling-summary">
        {meaning(value)} WARN, ERROR and FATAL are always kept whole; logs of one trace are kept or dropped together.
      </span>
      <FieldError id="sampling-error" message={error} />
    </fieldset>
  );
}
