/** AlertMessages from stored events (the delivery worker) and for 'send test' (the channel routes). */
import type { AlertMessage } from './channels/index.js';
import type { AlertEvent } from '../store/alerts-types.js';
import type { Project } from '../store/types.js';

type ProjectRef = Pick<Project, 'id' | 'slug' | 'name'>;

export function eventMessage(event: AlertEvent, project: ProjectRef): AlertMessage {
  return {
    version: 1,
    eventId: event.id,
    kind: event.kind,
    rule: { id: event.ruleId, name: event.ruleName, severity: event.severity },
    project: { id: project.id, slug: project.slug, name: project.name },
    group: event.groupKey || null,
    at: event.at,
    value: event.value,
    threshold: event.threshold,
    summary: event.summary,
    logsUrl: event.logsUrl,
    sample: event.sample.slice(0, 5),
  };
}

/** What "send test" sends: clearly a test, shaped like a real alert so receivers can be checked end to end. */
export function testMessage(project: ProjectRef, channelName: string, publicUrl: string, now = Date.now()): AlertMessage {
  const logsUrl = `${publicUrl.replace(/\/$/, '')}/explore?project=${encodeURIComponent(project.slug)}`;
  return {
    version: 1,
    eventId: null,
    kind: 'test',
    rule: { id: '0', name: `Test of channel "${channelName}"`, severity: 'info' },
    project: { id: project.id, slug: project.slug, name: project.name },
    group: null,
    at: now,
    value: null,
    threshold: null,
    summary: `This is a test message from DevSmith Logs for the channel "${channelName}" of ${project.name}. If you read it, alerts will reach you here.`,
    logsUrl,
    sample: [],
  };
}
