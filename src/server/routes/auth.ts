/** /api/auth: first-run setup, login, logout, me, user tokens. Failed sign-ins are slowed (auth/login-throttle.ts). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { LoginThrottle } from '../../auth/login-throttle.js';
import type { User } from '../../store/types.js';
import { AppError } from '../../errors.js';
import { SESSION_COOKIE, requireUser } from '../plugins/auth.js';
import { RowId, TokenView, UserView } from '../schemas.js';
import type { Services } from '../services.js';
import { tokenView, userView } from '../views.js';

// These bodies are read before anyone is signed in: the longest valid one, every character \u-escaped, is 9 KB.
const CREDENTIALS_BODY_BYTES = 16 * 1024;
const Credentials = Type.Object({ email: Type.String({ maxLength: 254 }), password: Type.String({ maxLength: 1024 }) });

export async function authRoutes(app: FastifyInstance, opts: { services: Services }) {
  const { services } = opts;
  const { accounts, limiter, config } = services;
  const auth = requireUser(services);
  const logins = new LoginThrottle(limiter, config.loginAttemptsPer15Min);

  // Failed sign-ins are worth a line at info (a person may be under attack); other 4xx answers are not.
  async function recordFailure(request: FastifyRequest, email: string) {
    const outcome = await logins.failed(request.ip, email);
    const account = email.trim().toLowerCase();
    request.log.info({ account, ip: request.ip, account_failures: outcome.accountFailures }, 'sign-in failed');
    if (outcome.addressBlocked) request.log.warn({ ip: request.ip }, `address refused for 15 min after ${config.loginAttemptsPer15Min} failed sign-ins`);
  }

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
    const done = await logins.begin(request.ip, email);
    let user: User;
    try {
      user = await accounts.authenticate(email, password);
    } catch (err) {
      if (err instanceof AppError && err.code === 'INVALID_CREDENTIALS') await recordFailure(request, email);
      throw err;
    } finally {
      done();
    }
    await logins.succeeded(request.ip, email);
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
    schema: { tags: ['auth'], summary: 'Revoke an API token', params: Type.Object({ id: RowId }) },
  }, async (request, reply) => {
    await accounts.deleteToken(request.user!.id, (request.params as { id: number }).id);
    reply.code(204).send();
  });
}
