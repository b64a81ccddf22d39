/** /api/alerts/channels: notification channels of the projects the user may see (src/alerts/alert-channels.ts). */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AlertChannels } from '../../alerts/alert-channels.js';
import type { ChannelType, SenderOptions } from '../../alerts/channels/index.js';
import { requireUser } from '../plugins/auth.js';
import { ChannelCreateBody, ChannelId, ChannelListQuery, ChannelOut, ChannelPatchBody, channelView } from '../alert-channel-schemas.js';
import { DeliveryOut } from '../alert-schemas.js';
import { deliveryView } from '../alert-views.js';
import type { Services } from '../services.js';

const Params = Type.Object({ id: ChannelId });
type Id = { id: string };

export async function alertChannelRoutes(app: FastifyInstance, opts: { services: Services; senderExtras?: Partial<SenderOptions> }) {
  const { config, store, projects } = opts.services;
  const channels = new AlertChannels(store, projects, config.alertsNotify, config.alerts.publicUrl, opts.senderExtras);
  const auth = requireUser(opts.services);
  const tags = ['alerts'];

  app.get('/api/alerts/channels', {
    onRequest: auth,
    schema: { tags, summary: 'Alert channels of a project (or of every project you may see)', querystring: ChannelListQuery, response: { 200: Type.Object({ data: Type.Array(ChannelOut) }) } },
  }, async (request) => {
    const { project_id } = request.query as { project_id?: number };
    return { data: (await channels.list(request.user!, project_id)).map((c) => channelView(c)) };
  });

  app.post('/api/alerts/channels', {
    onRequest: auth,
    schema: { tags, summary: 'Create a channel; a webhook secret is generated when none is given and shown once', body: ChannelCreateBody, response: { 201: ChannelOut } },
  }, async (request, reply) => {
    const b = request.body as { project_id: number; name: string; type: ChannelType; config: unknown };
    const { channel, secret } = await channels.create(request.user!, { projectId: b.project_id, name: b.name, type: b.type, config: b.config });
    return reply.code(201).send(channelView(channel, secret));
  });

  app.get('/api/alerts/channels/:id', {
    onRequest: auth,
    schema: { tags, summary: 'One channel (secrets never shown)', params: Params, response: { 200: ChannelOut } },
  }, async (request) => channelView(await channels.get(request.user!, (request.params as Id).id)));

  app.patch('/api/alerts/channels/:id', {
    onRequest: auth,
    schema: { tags, summary: 'Rename, reconfigure, enable or disable a channel; a webhook keeps its secret unless a new one is given', params: Params, body: ChannelPatchBody, response: { 200: ChannelOut } },
  }, async (request) => {
    const { channel, secret } = await channels.update(request.user!, (request.params as Id).id, request.body as { name?: string; config?: unknown; enabled?: boolean });
    return channelView(channel, secret);
  });

  app.delete('/api/alerts/channels/:id', {
    onRequest: auth,
    schema: { tags, summary: 'Delete a channel and its delivery log', params: Params, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await channels.remove(request.user!, (request.params as Id).id);
    return reply.code(204).send();
  });

  app.post('/api/alerts/channels/:id/test', {
    onRequest: auth,
    schema: { tags, summary: 'Send a test message now (one attempt), recorded in the delivery log', params: Params, response: { 200: Type.Object({ delivery: DeliveryOut }) } },
  }, async (request) => ({ delivery: deliveryView(await channels.test(request.user!, (request.params as Id).id)) }));
}
