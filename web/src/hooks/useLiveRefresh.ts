/**
 * While live tail runs, the total and the histogram must follow the logs that stream in. This
 * returns a counter that moves at most every MIN_GAP_MS after new arrivals, and every SLIDE_MS
 * regardless (a relative range slides forward and old logs leave it); 0 when live tail is off.
 */
import { useEffect, useRef, useState } from 'react';

const MIN_GAP_MS = 2_000;
const SLIDE_MS = 30_000;

export function useLiveRefresh(enabled: boolean, received: number): number {
  const [tick, setTick] = useState(0);
  const last = useRef(0);

  // A throttle, not a debounce: a steady stream still refreshes every MIN_GAP_MS.
  useEffect(() => {
    if (!enabled || received === 0) return;
    const wait = Math.max(0, last.current + MIN_GAP_MS - Date.now());
    const timer = window.setTimeout(() => {
      last.current = Date.now();
      setTick((n) => n + 1);
    }, wait);
    return () => window.clearTimeout(timer);
  }, [enabled, received]);

  useEffect(() => {
    if (!enabled) return;
    const timer = window.setInterval(() => setTick((n) => n + 1), SLIDE_MS);
    return () => window.clearInterval(timer);
  }, [enabled]);

  return enabled ? tick : 0;
}
