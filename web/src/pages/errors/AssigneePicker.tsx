import { usersApi } from '../../api/users';
import type { ErrorGroup } from '../../api/errors';
import type { User } from '../../api/types';
import { useAsync } from '../../hooks/useAsync';

interface AssigneePickerProps {
  group: ErrorGroup;
  me: User;
  busy: boolean;
  onAssign: (userId: number | null) => void;
}

/**
 * Who looks after this error. Admins pick from every active user; members (who may not list users) can
 * take it themselves or leave it.
 */
export function AssigneePicker({ group, me, busy, onAssign }: AssigneePickerProps) {
  const users = useAsync((signal) => (me.role === 'admin' ? usersApi.list(signal) : Promise.resolve([me])), [me.id, me.role]);
  const options = (users.data ?? [me]).filter((u) => !u.disabled || u.id === group.assignee?.id);
  // The current assignee stays choosable even when the list does not include them (a member sees only themselves).
  const current = group.assignee;
  const list = current && !options.some((u) => u.id === current.id) ? [...options, { ...current, role: 'member' as const, disabled: false, created_at: '' }] : options;
  return (
    <label className="assignee">
      <span className="section-label">Assignee</span>
      <select
        value={current?.id ?? ''}
        disabled={busy}
        aria-label="Assignee"
        onChange={(e) => onAssign(e.target.value === '' ? null : Number(e.target.value))}
      >
        <option value="">Nobody</option>
        {list.map((u) => (
          <option key={u.id} value={u.id}>
            {u.id === me.id ? `Me (${u.name || u.email})` : u.name || u.email}
          </option>
        ))}
      </select>
    </label>
  );
}
