import { useEffect, useState } from 'react';

/**
 * The theme on <html data-theme>, kept current. Canvas charts cannot follow CSS variables by themselves, so
 * they redraw when this changes (the toggle lives in Layout's own state, not in a context).
 */
export function useThemeAttribute(): string {
  const read = () => document.documentElement.dataset.theme ?? '';
  const [theme, setTheme] = useState(read);
  useEffect(() => {
    const observer = new MutationObserver(() => setTheme(read()));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => observer.disconnect();
  }, []);
  return theme;
}
