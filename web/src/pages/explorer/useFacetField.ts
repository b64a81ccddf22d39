import { useCallback, useState } from 'react';

const KEY = 'devsmith.facetField';

/** The field whose top values the facet panel counts; remembered, since people keep asking the same one. */
export function useFacetField(): [string, (name: string) => void] {
  const [name, setName] = useState(() => {
    try {
      return localStorage.getItem(KEY) ?? '';
    } catch {
      return '';
    }
  });
  const choose = useCallback((next: string) => {
    setName(next);
    try {
      localStorage.setItem(KEY, next);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }, []);
  return [name, choose];
}
