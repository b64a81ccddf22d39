/**
 * A list loaded page by page with a "Load more" button: the first page loads whenever `key` changes,
 * `loadMore` appends the next one. Answers from an older key are dropped. `reload` starts again from the
 * first page (after a bulk change, say) without clearing the rows on screen first.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface CursorPages<T> {
  rows: T[];
  hasMore: boolean;
  loading: boolean;
  error: Error | undefined;
  loadMore: () => void;
  reload: () => void;
}

type FetchPage<T> = (cursor: string | null, signal: AbortSignal) => Promise<{ data: T[]; next_cursor: string | null }>;

export function useCursorPages<T>(fetchPage: FetchPage<T>, key: string): CursorPages<T> {
  const [rows, setRows] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error>();
  const [version, setVersion] = useState(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const controller = useRef<AbortController | null>(null);

  const load = useCallback((after: string | null) => {
    controller.current?.abort();
    const current = new AbortController();
    controller.current = current;
    setLoading(true);
    fetchRef.current(after, current.signal).then(
      (page) => {
        if (current.signal.aborted) return;
        setRows((previous) => (after === null ? page.data : previous.concat(page.data)));
        setCursor(page.data.length > 0 ? page.next_cursor : null);
        setError(undefined);
        setLoading(false);
      },
      (err: unknown) => {
        if (current.signal.aborted) return;
        setError(err instanceof Error ? err : new Error(String(err)));
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    setRows([]);
    setCursor(null);
    load(null);
    return () => controller.current?.abort();
  }, [key, load]);

  useEffect(() => {
    if (version > 0) load(null);
  }, [version, load]);

  const loadMore = useCallback(() => {
    if (cursor !== null && !loading) load(cursor);
  }, [cursor, loading, load]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  return { rows, hasMore: cursor !== null, loading, error, loadMore, reload };
}
