/**
 * Live tail over Server-Sent Events (`GET /api/logs/stream`). New matching logs arrive newest
 * first. They wait in a buffer, so nothing is lost, while the user paused the tail or while the
 * list says the reader is busy (`holdWhile`: scrolled down, a row open); `flush` brings them in.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { logsApi } from '../api/logs';
import { authApi } from '../api/auth';
import type { LogEntry, LogFilter } from '../api/types';

export type TailStatus = 'off' | 'connecting' | 'live' | 'reconnecting' | 'ended';
const MAX_LIVE_ROWS = 5000;

export interface LiveTail {
  rows: LogEntry[];
  /** Logs that arrived but wait outside the list (paused, or the reader is busy). */
  buffered: number;
  /** Every log this stream delivered, shown or waiting: what the total and histogram follow. */
  received: number;
  status: TailStatus;
  paused: boolean;
  setPaused: (paused: boolean) => void;
  /** While `check()` answers true, new logs wait in the buffer instead of moving the list. */
  holdWhile: (check: () => boolean) => void;
  /** Moves the waiting logs into the list. */
  flush: () => void;
  clear: () => void;
}

const never = () => false;

export function useLiveTail(filter: LogFilter, filterKey: string, enabled: boolean): LiveTail {
  const [rows, setRows] = useState<LogEntry[]>([]);
  const [status, setStatus] = useState<TailStatus>('off');
  const [paused, setPausedState] = useState(false);
  const [buffered, setBuffered] = useState(0);
  const [received, setReceived] = useState(0);
  const buffer = useRef<LogEntry[]>([]);
  const pausedRef = useRef(false);
  const holdRef = useRef<() => boolean>(never);
  const filterRef = useRef(filter);
  filterRef.current = filter;

  const flush = useCallback(() => {
    if (buffer.current.length === 0) return;
    const flushed = buffer.current.reverse();
    buffer.current = [];
    setBuffered(0);
    setRows((previous) => [...flushed, ...previous].slice(0, MAX_LIVE_ROWS));
  }, []);

  useEffect(() => {
    setRows([]);
    buffer.current = [];
    setBuffered(0);
    setReceived(0);
    if (!enabled) {
      setStatus('off');
      return;
    }
    // The stream follows the filters but never the end of the range: it is about what comes next.
    const source = new EventSource(logsApi.streamUrl({ ...filterRef.current, from: undefined, to: undefined }));
    setStatus('connecting');
    source.onopen = () => setStatus('live');
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        setStatus('off');
        // EventSource hides the status code: ask the API, which reports an expired session.
        authApi.me().catch(() => undefined);
      } else {
        setStatus('reconnecting');
      }
    };
    // The server ends the tail when access ends (logout, user disabled, project taken away: docs/api.md).
    // Close here, or EventSource would reconnect; a gone session also sends the user to login.
    source.addEventListener('end', (event) => {
      source.close();
      setStatus('ended');
      const { reason } = JSON.parse((event as MessageEvent<string>).data) as { reason?: string };
      if (reason !== 'access_revoked') authApi.me().catch(() => undefined);
    });
    source.addEventListener('log', (event) => {
      const entry = JSON.parse((event as MessageEvent<string>).data) as LogEntry;
      setReceived((n) => n + 1);
      if (pausedRef.current || holdRef.current()) {
        buffer.current.push(entry);
        setBuffered(buffer.current.length);
      } else {
        setRows((previous) => [entry, ...previous].slice(0, MAX_LIVE_ROWS));
      }
    });
    return () => source.close();
  }, [filterKey, enabled]);

  const setPaused = useCallback(
    (value: boolean) => {
      pausedRef.current = value;
      setPausedState(value);
      // Resuming while the reader is scrolled down keeps the logs waiting behind "N new".
      if (!value && !holdRef.current()) flush();
    },
    [flush],
  );

  const holdWhile = useCallback((check: () => boolean) => {
    holdRef.current = check;
  }, []);

  const clear = useCallback(() => setRows([]), []);
  return { rows, buffered, received, status, paused, setPaused, holdWhile, flush, clear };
}
