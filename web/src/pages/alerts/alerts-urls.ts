/**
 * The Alerts pages keep their state in the URL, like the other pages:
 *   /alerts?project=shop&tab=channels       the rules (default), channels or history of one project
 *   /alerts/rule?project=shop[&id=12]       create (no id) or edit a rule
 */
export type AlertsTab = 'rules' | 'channels' | 'history';

export const ALERT_TABS: ReadonlyArray<{ id: AlertsTab; label: string }> = [
  { id: 'rules', label: 'Rules' },
  { id: 'channels', label: 'Channels' },
  { id: 'history', label: 'History' },
];

export function parseAlertsTab(search: URLSearchParams): AlertsTab {
  return ALERT_TABS.find((t) => t.id === search.get('tab'))?.id ?? 'rules';
}

export function alertsUrl(project: string, tab: AlertsTab = 'rules', ruleId?: string): string {
  const p = new URLSearchParams();
  if (project) p.set('project', project);
  if (tab !== 'rules') p.set('tab', tab);
  if (ruleId) p.set('rule', ruleId);
  const text = p.toString();
  return `/alerts${text ? `?${text}` : ''}`;
}

export function ruleEditorUrl(project: string, id?: string): string {
  const p = new URLSearchParams({ project });
  if (id) p.set('id', id);
  return `/alerts/rule?${p.toString()}`;
}
