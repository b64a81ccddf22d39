/** Per-project setup: copy-paste snippets per language, filled in with this server and the slug. */
import { useState } from 'react';
import { projectsApi } from '../../api/projects';
import { CodeBlock } from '../../components/CodeBlock';
import { ErrorBanner, Spinner } from '../../components/Feedback';
import { Tabs } from '../../components/Tabs';
import { explorerUrl } from '../../hooks/useExplorerFilters';
import { useAsync } from '../../hooks/useAsync';
import { Link } from '../../router';
import {
  curlSnippet,
  envSnippet,
  goSnippet,
  javascriptSnippet,
  KEY_PLACEHOLDER,
  pythonSnippet,
  SAMPLE_USAGE,
} from './snippets';

const LANGUAGES = [
  { id: 'javascript', label: 'JavaScript', sample: 'docs/integrations/javascript/logger.cjs', make: javascriptSnippet },
  { id: 'python', label: 'Python', sample: 'docs/integrations/python/logger.py', make: pythonSnippet },
  { id: 'go', label: 'Go', sample: 'docs/integrations/go/logger.go', make: goSnippet },
  { id: 'curl', label: 'curl', sample: 'docs/integrations/shell/', make: curlSnippet },
] as const;
type LanguageId = (typeof LANGUAGES)[number]['id'];

export function ProjectSetupPage({ slug }: { slug: string }) {
  const project = useAsync(() => projectsApi.get(slug), [slug]);
  const [tab, setTab] = useState<LanguageId>('javascript');
  const origin = window.location.origin;
  const language = LANGUAGES.find((l) => l.id === tab) ?? LANGUAGES[0];

  if (project.error) return <ErrorBanner error={project.error} onRetry={project.reload} />;
  if (!project.data) return <Spinner />;
  const p = project.data;

  return (
    <div className="page page-narrow">
      <header className="page-head">
        <div>
          <div className="crumbs">
            <Link href="/projects">Projects</Link> / <span>{p.name}</span>
          </div>
          <h1>Send logs from {p.name}</h1>
          <p className="muted">
            Project slug <code>{p.slug}</code> · key <code>{p.key_prefix}…</code> · server <code>{origin}</code>
          </p>
        </div>
        <Link href={explorerUrl({ project: p.slug, range: '15m', live: true })} className="btn btn-primary">
          Watch logs arrive →
        </Link>
      </header>

      <ol className="steps">
        <li>
          <h3>Configure your app</h3>
          <p className="muted">
            Replace <code>{KEY_PLACEHOLDER}</code> with the key shown when the project was created. Keys are shown only
            once; if you lost it, regenerate it on the Projects page.
          </p>
          <CodeBlock title="Environment" code={envSnippet(origin, p.slug)} />
        </li>
        <li>
          <h3>Send a batch of logs</h3>
          <Tabs tabs={LANGUAGES} active={tab} onChange={setTab} label="Language" />
          <CodeBlock title={`${language.label} · with the sample`} code={SAMPLE_USAGE[language.id]} />
          <p className="muted small">
            Copy <code>{language.sample}</code> from the DevSmith Logs repository: it is production ready
            (batching, retries with backoff, never crashes your app). Step-by-step guide:{' '}
            <code>docs/integrations/README.md</code>. Or skip the sample and call the API directly:
          </p>
          <CodeBlock title={`${language.label} · plain HTTP`} code={language.make(origin, p.slug)} />
        </li>
        <li>
          <h3>See them arrive</h3>
          <p className="muted">
            Open the <Link href={explorerUrl({ project: p.slug, range: '15m', live: true })}>explorer with live tail</Link>{' '}
            and run your snippet. A <code>201</code> answer means the logs are stored.
          </p>
        </li>
      </ol>
    </div>
  );
}
