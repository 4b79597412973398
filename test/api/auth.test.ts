import { startTestStack, type TestStack } from '../support/stack';
import { ApiClient } from '../support/http';

let stack: TestStack;
let anonymous: ApiClient;

beforeAll(async () => {
  stack = await startTestStack();
  anonymous = new ApiClient(stack.baseUrl);
});
afterAll(() => stack?.stop());

function cookiesOf(headers: Headers): Record<string, string> {
  return Object.fromEntries(headers.getSetCookie().map((c) => [c.split('=')[0], c]));
}

describe('POST /api/auth/login', () => {
  it('when the credentials are right, then it returns user, token and CSRF token and sets HttpOnly SameSite cookies', async () => {
    const reply = await anonymous.post('/api/auth/login', { email: 'Lead@Demo.test ', password: 'demo' });
    expect(reply.status).toBe(200);
    expect(reply.body.user).toEqual({
      id: 'demo-lead',
      email: 'lead@demo.test',
      name: 'Lena Leitung',
      memberships: [{ regionId: 'demo', regionName: 'Bildungsregion Musterkreis', roles: ['office_lead'] }],
    });
    expect(reply.body.user.passwordHash).toBeUndefined();
    const cookies = cookiesOf(reply.headers);
    expect(cookies.me_session).toMatch(/HttpOnly/);
    expect(cookies.me_session).toMatch(/SameSite=Lax/);
    expect(cookies.me_csrf).not.toMatch(/HttpOnly/);
  });

  it('when the email is unknown or the password wrong, then both get the same 401', async () => {
    const unknown = await anonymous.post('/api/auth/login', { email: 'nobody@demo.test', password: 'demo' });
    const wrong = await anonymous.post('/api/auth/login', { email: 'lead@demo.test', password: 'wrong' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body.detail).toBe(wrong.body.detail);
    expect(unknown.body.code).toBe(wrong.body.code);
  });

  it('when fields are missing, then 422 names them', async () => {
    const reply = await anonymous.post('/api/auth/login', { email: '' });
    expect(reply.status).toBe(422);
    expect(reply.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'password']);
  });
});

describe('sessions', () => {
  async function cookieLogin() {
    const reply = await anonymous.post('/api/auth/login', { email: 'lead@demo.test', password: 'demo' });
    const cookie = reply.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return { cookie, csrf: reply.body.csrfToken as string, token: reply.body.token as string };
  }
  const create = { title: 'T', actionField: 'A', question: 'Q', goals: ['G'], dueDate: '2027-01-01' };

  it('when a cookie-authenticated write lacks the CSRF header, then 403 and nothing is created; with it, 201', async () => {
    const { cookie, csrf } = await cookieLogin();
    const before = (await anonymous.request('GET', '/api/regions/demo/mandates', undefined, { cookie })).body.total;
    const without = await anonymous.request('POST', '/api/regions/demo/mandates', create, { cookie });
    expect(without.status).toBe(403);
    const wrong = await anonymous.request('POST', '/api/regions/demo/mandates', create, { cookie, 'x-csrf-token': 'nope' });
    expect(wrong.status).toBe(403);
    expect((await anonymous.request('GET', '/api/regions/demo/mandates', undefined, { cookie })).body.total).toBe(before);
    const withToken = await anonymous.request('POST', '/api/regions/demo/mandates', create, { cookie, 'x-csrf-token': csrf });
    expect(withToken.status).toBe(201);
  });

  it('when logged in, then GET /api/me answers; after logout the token no longer works', async () => {
    const { token } = await cookieLogin();
    const client = new ApiClient(stack.baseUrl, token);
    const me = await client.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe('demo-lead');
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    expect((await client.get('/api/me')).status).toBe(401);
    expect((await anonymous.get('/api/me')).status).toBe(401);
  });

  it("GET /api/regions lists only the caller's regions with their roles", async () => {
    const { token } = await cookieLogin();
    const regions = await new ApiClient(stack.baseUrl, token).get('/api/regions');
    expect(regions.body.items).toEqual([{ id: 'demo', name: 'Bildungsregion Musterkreis', roles: ['office_lead'], canCreate: true }]);
  });
});

describe('service endpoints', () => {
  it('serves health, readiness and an OpenAPI document built from the schemas', async () => {
    expect((await anonymous.get('/healthz')).status).toBe(200);
    expect((await anonymous.get('/readyz')).body).toEqual({ status: 'ready' });
    const openapi = (await anonymous.get('/api/openapi.json')).body;
    expect(openapi.openapi).toBe('3.1.0');
    const addOption = openapi.paths['/api/regions/{regionId}/mandates/{mandateId}/actions/add-option'].post;
    expect(addOption.requestBody.content['application/json'].schema.required).toEqual(['title', 'description']);
    expect(addOption.requestBody.content['application/json'].schema.properties.cost.minimum).toBe(0);
  });

  it('answers unknown API paths with a problem, not HTML', async () => {
    const reply = await anonymous.get('/api/nothing-here');
    expect(reply.status).toBe(404);
    expect(reply.headers.get('content-type')).toMatch(/problem\+json/);
  });
});

describe('login throttling', () => {
  it('when an account gets ten wrong passwords, then even the right one is refused with 429 and Retry-After, and other accounts are unaffected', async () => {
    for (let i = 0; i < 10; i++) expect((await anonymous.post('/api/auth/login', { email: 'manager@demo.test', password: `guess-${i}` })).status).toBe(401);
    const locked = await anonymous.post('/api/auth/login', { email: 'MANAGER@demo.test', password: 'demo' });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('too_many_attempts');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    expect((await anonymous.post('/api/auth/login', { email: 'staff@demo.test', password: 'demo' })).status).toBe(200);
  });

  it('when a login succeeds, then earlier failures are forgotten', async () => {
    for (let i = 0; i < 9; i++) await anonymous.post('/api/auth/login', { email: 'admin@demo.test', password: 'wrong' });
    expect((await anonymous.post('/api/auth/login', { email: 'admin@demo.test', password: 'demo' })).status).toBe(200);
    for (let i = 0; i < 9; i++) await anonymous.post('/api/auth/login', { email: 'admin@demo.test', password: 'wrong' });
    expect((await anonymous.post('/api/auth/login', { email: 'admin@demo.test', password: 'demo' })).status).toBe(200);
  });
});
