import { CopyButton } from './CopyButton';

export function CodeBlock({ code, title }: { code: string; title?: string }) {
  return (
    <div className="code-block">
      <div className="code-block-head">
        <span>{title}</span>
        <CopyButton text={code} />
      </div>
      <pre>
        <code>{code}</code>
      </pre>
    </div>
  );
}
