/**
 * The query input: a combobox (WAI-ARIA 1.2 pattern) with the query language highlighted under the
 * text, suggestions for fields, values and recent queries, and the server's parse error shown in place.
 * Enter runs the query; arrows move through suggestions, Enter or Tab takes one, Escape closes them.
 */
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { applySuggestion, completionAt, suggest, type CompletionSources } from '../../query/complete';
import { recentQueries, rememberQuery } from '../../query/recent';
import { QueryHighlight, type QueryProblem } from './QueryHighlight';

interface QueryBarProps {
  value: string;
  onRun: (q: string) => void;
  /** The error of the query last run (`value`); shown while the text is still that query. */
  problem: QueryProblem | null;
  sources: Omit<CompletionSources, 'recent'>;
  /** Every edit, for forms that keep the query as a field (the alert rule editor) rather than run it on Enter. */
  onTextChange?: (q: string) => void;
}

export function QueryBar({ value, onRun, problem, sources, onTextChange }: QueryBarProps) {
  const [text, setText] = useState(value);
  const [caret, setCaret] = useState(value.length);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  /** Where the caret goes once a picked suggestion's text is in the input. */
  const pendingCaret = useRef<number | null>(null);
  const mirror = useRef<HTMLDivElement>(null);
  const listId = useId();

  // The URL wins when it changes from elsewhere (back button, a clicked facet, an opened view).
  useEffect(() => setText(value), [value]);

  const context = useMemo(() => completionAt(text, caret), [text, caret]);
  const suggestions = useMemo(
    () => (open && context ? suggest(text, context, { ...sources, recent: recentQueries() }) : []),
    [open, context, text, sources],
  );
  const shown = open && suggestions.length > 0;
  const shownProblem = problem && text === value ? problem : null;

  // "/" focuses the search box, as in most log tools.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (event.key === '/' && !['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) {
        event.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const syncScroll = () => {
    if (mirror.current && input.current) mirror.current.scrollLeft = input.current.scrollLeft;
  };
  useEffect(syncScroll, [text]);

  // Placed in the same commit as the picked text, before the browser handles another key: set later (after a
  // frame), the caret would jump back over whatever a fast typist had typed in between.
  useLayoutEffect(() => {
    if (pendingCaret.current === null) return;
    input.current?.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
    syncScroll();
  });

  const run = () => {
    setOpen(false);
    rememberQuery(text);
    onRun(text.trim());
  };

  const pick = (index: number) => {
    if (!context) return;
    const next = applySuggestion(text, context, suggestions[index]);
    setText(next.text);
    onTextChange?.(next.text);
    setCaret(next.caret);
    setActive(-1);
    // A field stays open for its values; a finished value or a recent query closes the list.
    setOpen(suggestions[index].kind === 'field');
    pendingCaret.current = next.caret;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const count = suggestions.length;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!shown) return setOpen(true);
      // -1 is "nothing picked" (Enter runs the text), between the last and the first option.
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => ((a + 1 + step + count + 1) % (count + 1)) - 1);
    } else if (event.key === 'Escape' && shown) {
      event.preventDefault();
      setOpen(false);
      setActive(-1);
    } else if ((event.key === 'Enter' || event.key === 'Tab') && shown && active >= 0 && active < count) {
      event.preventDefault();
      pick(active);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      run();
    }
  };

  const errorId = `${listId}-error`;
  return (
    <div className="search qbar" role="search">
      <span className="search-icon" aria-hidden>
        ⌕
      </span>
      <div className={`qbar-field${shownProblem ? ' invalid' : ''}`}>
        <div className="qbar-highlight" ref={mirror} aria-hidden data-testid="query-highlight">
          <QueryHighlight text={text} problem={shownProblem} />
        </div>
        <input
          ref={input}
          type="text"
          role="combobox"
          aria-label="Search messages"
          aria-autocomplete="list"
          aria-expanded={shown}
          aria-controls={listId}
          aria-activedescendant={shown && active >= 0 ? `${listId}-${active}` : undefined}
          aria-invalid={Boolean(shownProblem)}
          aria-describedby={shownProblem ? errorId : undefined}
          placeholder='Search…  level:error service:api "exact phrase" ctx.duration_ms:>1000   (press / to focus)'
          spellCheck={false}
          autoComplete="off"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            onTextChange?.(e.target.value);
            setCaret(e.target.selectionStart ?? e.target.value.length);
            setOpen(true);
            setActive(-1);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
          onScroll={syncScroll}
          onKeyDown={onKeyDown}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
        />
      </div>
      <ul className="qbar-list popover" id={listId} role="listbox" aria-label="Suggestions" hidden={!shown}>
        {shown &&
          suggestions.map((s, i) => (
            <li
              key={`${s.kind}:${s.label}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={`qbar-option kind-${s.kind}`}
              // mousedown, not click: the input keeps focus, so the list does not close first.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(i);
              }}
              onMouseEnter={() => setActive(i)}
            >
              <span className="qbar-option-label">{s.label}</span>
              {s.detail && <span className="qbar-option-detail">{s.detail}</span>}
            </li>
          ))}
      </ul>
      {shownProblem && (
        <div className="qbar-error" id={errorId} role="alert" data-testid="query-error">
          {shownProblem.message}
        </div>
      )}
    </div>
  );
}
