/** /api/users: admins create, list, disable users and change roles. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { requireUser } from '../plugins/auth.js';
import { RowId, UserView } from '../schemas.js';
import type { Services } from '../services.js';
import { userView } from '../views.js';

const Role = Type.Union([Type.Literal('admin'), Type.Literal('member')]);

export async function userRoutes(app: FastifyInstance, opts: { services: Services }) {
  const { accounts } = opts.services;
  const admin = requireUser(opts.services, { admin: true });

  app.get('/api/users', {
    onRequest: admin,
    schema: { tags: ['users'], summary: 'List users (admin)', response: { 200: Type.Object({ data: Type.Array(UserView) }) } },
  }, async () => ({ data: (await accounts.listUsers()).map(userView) }));

  app.post('/api/users', {
    onRequest: admin,
    schema: {
      tags: ['users'],
      summary: 'Create a user (admin)',
      body: Type.Object({
        email: Type.String({ maxLength: 254 }),
        name: Type.String({ minLength: 1, maxLength: 200 }),
        password: Type.String({ maxLength: 1024 }),
        role: Type.Optional(Role),
      }),
      response: { 201: Type.Object({ user: UserView }) },
    },
  }, async (request, reply) => {
    const user = await accounts.createUser(request.body as { email: string; name: string; password: string; role?: 'admin' | 'member' });
    reply.code(201);
    return { user: userView(user) };
  });

  app.patch('/api/users/:id', {
    onRequest: admin,
    schema: {
      tags: ['users'],
      summary: 'Change a user: name, role, disabled (admin)',
      params: Type.Object({ id: RowId }),
      body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), role: Type.Optional(Role), disabled: Type.Optional(Type.Boolean()) }),
      response: { 200: Type.Object({ user: UserView }) },
    },
  }, async (request) => {
    const user = await accounts.updateUser(request.user!, (request.params as { id: number }).id, request.body as object);
    return { user: userView(user) };
  });
}
