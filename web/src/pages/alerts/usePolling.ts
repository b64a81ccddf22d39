import { useEffect, useState } from 'react';

/** A counter that moves every `ms` while the tab is visible: the rules' states change on the server, not here. */
export function usePolling(ms: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === 'visible') setTick((n) => n + 1);
    }, ms);
    return () => window.clearInterval(timer);
  }, [ms]);
  return tick;
}
