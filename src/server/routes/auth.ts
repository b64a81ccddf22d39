/** /api/auth: first-run setup, login, logout, me, user tokens. Login failures are limited per IP and account. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { User } from '../../store/types.js';
import { AppError } from '../errors.js';
import { SESSION_COOKIE, requireUser } from '../plugins/auth.js';
import { TokenView, UserView } from '../schemas.js';
import type { Services } from '../services.js';
import { tokenView, userView } from '../views.js';

const LOGIN_WINDOW_MS = 15 * 60_000;
// These bodies are read before anyone is signed in: the longest valid one, every character \u-escaped, is 9 KB.
const CREDENTIALS_BODY_BYTES = 16 * 1024;
const Credentials = Type.Object({ email: Type.String({ maxLength: 254 }), password: Type.String({ maxLength: 1024 }) });

export async function authRoutes(app: FastifyInstance, opts: { services: Services }) {
  const { services } = opts;
  const { accounts, limiter, config } = services;
  const auth = requireUser(services);

  async function startSession(request: FastifyRequest, reply: FastifyReply, user: User) {
    const session = await accounts.startSession(user.id);
    const secure = config.cookieSecure === 'auto' ? request.protocol === 'https' : config.cookieSecure;
    reply.setCookie(SESSION_COOKIE, session.id, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      expires: new Date(session.expiresAt),
    });
  }

  app.get('/api/auth/status', {
    schema: { tags: ['auth'], summary: 'Whether first-run setup is needed', response: { 200: Type.Object({ setup_required: Type.Boolean() }) } },
  }, async () => ({ setup_required: await accounts.setupRequired() }));

  app.post('/api/auth/setup', {
    bodyLimit: CREDENTIALS_BODY_BYTES,
    schema: {
      tags: ['auth'],
      summary: 'Create the first admin (only while no user exists)',
      body: Type.Object({ ...Credentials.properties, name: Type.String({ minLength: 1, maxLength: 200 }) }),
      response: { 201: Type.Object({ user: UserView }) },
    },
  }, async (request, reply) => {
    const body = request.body as { email: string; password: string; name: string };
    const user = await accounts.setup(body);
    await startSession(request, reply, user);
    reply.code(201);
    return { user: userView(user) };
  });

  app.post('/api/auth/login', {
    bodyLimit: CREDENTIALS_BODY_BYTES,
    schema: { tags: ['auth'], summary: 'Sign in; sets the session cookie', body: Credentials, response: { 200: Type.Object({ user: UserView }) } },
  }, async (request, reply) => {
    const { email, password } = request.body as { email: string; password: string };
    const keys = [`login:ip:${request.ip}`, `login:acct:${email.trim().toLowerCase()}`];
    const limit = config.loginAttemptsPer15Min;
    const verdicts = await Promise.all(keys.map((k) => limiter.peek(k, limit, LOGIN_WINDOW_MS)));
    const blocked = verdicts.find((v) => v.remaining <= 0);
    if (blocked) {
      throw new AppError('TOO_MANY_LOGIN_ATTEMPTS', 'Too many failed sign-ins; wait before trying again.', {
        'Retry-After': String(Math.max(1, Math.ceil(blocked.resetMs / 1000))),
      });
    }
    let user: User;
    try {
      user = await accounts.authenticate(email, password);
    } catch (err) {
      await Promise.all(keys.map((k) => limiter.hit(k, limit, LOGIN_WINDOW_MS)));
      throw err;
    }
    await limiter.reset(keys[1]!);
    await startSession(request, reply, user);
    return { user: userView(user) };
  });

  app.post('/api/auth/logout', { bodyLimit: CREDENTIALS_BODY_BYTES, schema: { tags: ['auth'], summary: 'End the session' } }, async (request, reply) => {
    const id = request.cookies[SESSION_COOKIE];
    if (id) await accounts.endSession(id);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.code(204).send();
  });

  app.get('/api/auth/me', {
    onRequest: auth,
    schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: Type.Object({ user: UserView }) } },
  }, async (request) => ({ user: userView(request.user!) }));

  app.get('/api/auth/tokens', {
    onRequest: auth,
    schema: { tags: ['auth'], summary: 'Your API tokens', response: { 200: Type.Object({ data: Type.Array(TokenView) }) } },
  }, async (request) => ({ data: (await accounts.listTokens(request.user!.id)).map(tokenView) }));

  app.post('/api/auth/tokens', {
    onRequest: auth,
    schema: {
      tags: ['auth'],
      summary: 'Create an API token (shown once)',
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }),
      response: { 201: Type.Object({ ...TokenView.properties, token: Type.String() }) },
    },
  }, async (request, reply) => {
    const { token, record } = await accounts.createToken(request.user!.id, (request.body as { name: string }).name);
    reply.code(201);
    return { ...tokenView(record), token };
  });

  app.delete('/api/auth/tokens/:id', {
    onRequest: auth,
    schema: { tags: ['auth'], summary: 'Revoke an API token', params: Type.Object({ id: Type.Integer() }) },
  }, async (request, reply) => {
    await accounts.deleteToken(request.user!.id, (request.params as { id: number }).id);
    reply.code(204).send();
  });
}
