import type { StatusTab } from './error-filters';
import { EmptyState } from '../../components/Feedback';
import { Link } from '../../router';

/**
 * What to show when no group matches. With nothing filtered and nothing open, it teaches how errors get
 * here: any WARN/ERROR/FATAL log is grouped, and an error object in `context.error` groups by its stack.
 */
export function ErrorsEmpty({ status, q, project }: { status: StatusTab; q: string; project?: string }) {
  if (q) {
    return (
      <EmptyState title={`No error group matches “${q}”`}>The filter looks in each group's title and culprit.</EmptyState>
    );
  }
  if (status !== 'unresolved') {
    return <EmptyState title="Nothing here">No error group has this status.</EmptyState>;
  }
  const setup = project ? `/projects/${encodeURIComponent(project)}/setup` : '/projects';
  return (
    <EmptyState title="No open errors">
      <p>
        Every <strong>WARN</strong>, <strong>ERROR</strong> and <strong>FATAL</strong> log is grouped here with the
        other occurrences of the same problem: <code>Payment for order 1042 failed</code> and{' '}
        <code>Payment for order 77 failed</code> are one group.
      </p>
      <p>
        Send the error object too, and the group follows its stack:{' '}
        <code>{'"context": { "error": { "type", "message", "stack" } }'}</code>. The samples in{' '}
        <code>docs/integrations/</code> (JavaScript, Python, Go, Java, Ruby, PHP) do it for you.
      </p>
      <p>
        <Link href={setup}>How to send logs from your app →</Link>
      </p>
    </EmptyState>
  );
}
