/**
 * UTC or local time: `tz=` in the URL wins (a shared link shows what its author saw); otherwise the
 * last choice, remembered in localStorage; otherwise local time.
 */
import { useCallback } from 'react';
import type { TimeZoneChoice } from './useExplorerFilters';

const KEY = 'devsmith.tz';

export function rememberedZone(): TimeZoneChoice {
  try {
    return localStorage.getItem(KEY) === 'utc' ? 'utc' : 'local';
  } catch {
    return 'local';
  }
}

export function useTimeZone(fromUrl: TimeZoneChoice | undefined, update: (patch: { tz: TimeZoneChoice }) => void) {
  const zone = fromUrl ?? rememberedZone();
  const setZone = useCallback(
    (next: TimeZoneChoice) => {
      try {
        localStorage.setItem(KEY, next);
      } catch {
        // private mode: the URL still carries the choice
      }
      update({ tz: next });
    },
    [update],
  );
  return [zone, setZone] as const;
}
