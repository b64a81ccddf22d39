/**
 * Keeps the list still under a reader during live tail. While the list is scrolled down or a row is
 * open, new logs wait (useLiveTail's buffer) instead of being inserted above what the reader looks
 * at; a "↑ N new" button brings them in and jumps to the top, and scrolling back up does the same.
 */
import { useCallback, useEffect, useRef, type ReactNode } from 'react';
import type { LiveTail } from '../../hooks/useLiveTail';

/** Scrolled further than this (px) counts as reading below the newest rows. */
const TOP_SLACK = 8;

export function LiveListFrame({ tail, children }: { tail: LiveTail; children: ReactNode }) {
  const frame = useRef<HTMLDivElement>(null);
  const list = () => frame.current?.querySelector<HTMLElement>('.log-list') ?? null;
  const reading = useCallback(() => {
    const el = frame.current?.querySelector<HTMLElement>('.log-list');
    return Boolean(el && (el.scrollTop > TOP_SLACK || el.querySelector('.log-row.open')));
  }, []);
  const { holdWhile, flush, paused, buffered } = tail;

  useEffect(() => {
    holdWhile(reading);
    return () => holdWhile(() => false);
  }, [holdWhile, reading]);

  // Back at the top with nothing open: the waiting logs come in by themselves.
  const settle = () => {
    if (!paused && buffered > 0 && !reading()) flush();
  };
  const jump = () => {
    flush();
    const el = list();
    el?.scrollTo({ top: 0 });
    el?.focus({ preventScroll: true });
  };

  return (
    <div className="live-frame" ref={frame} onScrollCapture={settle} onClick={() => requestAnimationFrame(settle)}>
      {!paused && buffered > 0 && (
        <button type="button" className="new-rows" onClick={jump} data-testid="new-rows">
          ↑ {buffered} new
        </button>
      )}
      {children}
    </div>
  );
}
