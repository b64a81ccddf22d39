/**
 * Progressive loading of a long result list by cursor: the first page loads when the filter
 * changes, `loadMore` fetches the next one. Rows accumulate, so 100,000 rows are 100 small requests.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { logsApi } from '../api/logs';
import type { LogEntry, LogFilter } from '../api/types';

const PAGE_SIZE = 1000;

export interface LogPages {
  rows: LogEntry[];
  hasMore: boolean;
  loading: boolean;
  error: Error | undefined;
  loadMore: () => void;
}

export function useLogPages(filter: LogFilter, filterKey: string): LogPages {
  const [rows, setRows] = useState<LogEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<Error>();
  // Each filter change starts a new generation; answers from older generations are dropped.
  const generation = useRef(0);
  const inFlight = useRef(false);
  const filterRef = useRef(filter);
  filterRef.current = filter;

  const fetchPage = useCallback((after: string | null, gen: number) => {
    inFlight.current = true;
    setLoading(true);
    logsApi.list(filterRef.current, { limit: PAGE_SIZE, cursor: after }).then(
      (page) => {
        if (gen !== generation.current) return;
        inFlight.current = false;
        setRows((previous) => (after === null ? page.data : previous.concat(page.data)));
        setCursor(page.next_cursor);
        setHasMore(page.next_cursor !== null && page.data.length > 0);
        setError(undefined);
        setLoading(false);
      },
      (err: unknown) => {
        if (gen !== generation.current) return;
        inFlight.current = false;
        setError(err instanceof Error ? err : new Error(String(err)));
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    generation.current += 1;
    setRows([]);
    setHasMore(false);
    fetchPage(null, generation.current);
  }, [filterKey, fetchPage]);

  const loadMore = useCallback(() => {
    if (inFlight.current || !hasMore) return;
    fetchPage(cursor, generation.current);
  }, [cursor, hasMore, fetchPage]);

  return { rows, hasMore, loading, error, loadMore };
}
