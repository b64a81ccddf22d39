/** `devsmith alerts list`: the alert rules you may see, with their state, as a table (or one JSON object per line). */
import { answerText, cannotReach } from './http.js';
import type { CliValues } from './options.js';
import { resolveToken } from './tail.js';

interface RuleRow {
  id: string;
  project_id: number;
  name: string;
  severity: string;
  state: string;
  state_since: string | null;
  muted_until: string | null;
  enabled: boolean;
  last_value: number | null;
  condition: { kind: string };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

export async function alertsListCommand(env: Record<string, string | undefined>, values: CliValues): Promise<number> {
  const { url, token, fromLogin } = resolveToken(values, env);
  const projects = values.project?.length ? values.project : [undefined];
  const rules: RuleRow[] = [];
  for (const p of projects) {
    const qs = p ? `?${new URLSearchParams({ project_id: p })}` : '';
    let res: Response;
    try {
      res = await fetch(`${url}/api/alerts/rules${qs}`, { headers: { Authorization: `Bearer ${token}` } });
    } catch (err) {
      console.error(`devsmith alerts list: ${cannotReach(url, err)}`);
      return 1;
    }
    if (!res.ok) {
      const hint = res.status === 401 && fromLogin ? ' (the stored login may have been revoked: run "devsmith login")' : '';
      console.error(`devsmith alerts list: ${url} answered ${await answerText(res)}${hint}`);
      return 1;
    }
    rules.push(...((await res.json()) as { data: RuleRow[] }).data);
  }
  if (values.format === 'json') {
    for (const r of rules) console.log(JSON.stringify(r));
    return 0;
  }
  if (rules.length === 0) {
    console.log('No alert rules.');
    return 0;
  }
  const now = Date.now();
  const state = (r: RuleRow) =>
    !r.enabled ? 'disabled' : r.muted_until && Date.parse(r.muted_until) > now ? `${r.state} (muted)` : r.state;
  const rows = [['STATE', 'SEVERITY', 'NAME', 'KIND', 'PROJECT', 'VALUE', 'SINCE', 'ID']];
  for (const r of rules) {
    rows.push([state(r), r.severity, r.name, r.condition.kind, String(r.project_id), r.last_value === null ? '-' : String(r.last_value), r.state_since ?? '-', r.id]);
  }
  console.log(table(rows));
  return 0;
}
