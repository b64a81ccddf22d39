import { useState } from 'react';

/** Copies text to the clipboard, with a fallback for pages served over plain http (no Clipboard API). */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

interface CopyButtonProps {
  text: string;
  label?: string;
  className?: string;
  /** A longer accessible name than the visible label ("Link" → "Copy link to this log"). */
  ariaLabel?: string;
}

export function CopyButton({ text, label = 'Copy', className = '', ariaLabel }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () => {
    copyText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
    window.setTimeout(() => setState('idle'), 2000);
  };
  return (
    <button type="button" className={`btn btn-small ${className}`} onClick={copy} data-state={state}
      aria-label={ariaLabel && state === 'idle' ? ariaLabel : undefined}>
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}
