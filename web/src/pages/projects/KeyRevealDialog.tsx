import type { ProjectWithKey } from '../../api/types';
import { CodeBlock } from '../../components/CodeBlock';
import { CopyButton } from '../../components/CopyButton';
import { Dialog } from '../../components/Dialog';
import { Link } from '../../router';
import { curlSnippet } from '../setup/snippets';

/** The one screen that shows an ingest key: after create and after regenerate. */
export function KeyRevealDialog({ result, onClose }: { result: ProjectWithKey; onClose: () => void }) {
  const { project, api_key: key } = result;
  return (
    <Dialog
      title={`API key for ${project.name}`}
      onClose={onClose}
      wide
      footer={
        <>
          <Link href={`/projects/${encodeURIComponent(project.slug)}/setup`} className="btn" onClick={onClose}>
            Open setup guide
          </Link>
          <button type="button" className="btn btn-primary" onClick={onClose}>
            I have stored the key
          </button>
        </>
      }
    >
      <div className="banner banner-warn" role="note">
        <strong>Copy this key now: it will not be shown again.</strong> We store only a hash of it. If it is lost,
        regenerate a new one (the old one then stops working).
      </div>
      <div className="key-box">
        <code data-testid="api-key">{key}</code>
        <CopyButton text={key} label="Copy key" className="btn-primary" />
      </div>
      <CodeBlock title="Send a first log (curl)" code={curlSnippet(window.location.origin, project.slug, key)} />
    </Dialog>
  );
}
