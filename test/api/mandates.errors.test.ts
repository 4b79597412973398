import { startTestStack, type TestStack } from '../support/stack';
import { ApiClient } from '../support/http';
import { act, createMandate, demoUsers, mandatePath, mustAct, type DemoUsers, mustTaskAct, voteAll } from '../factories';

let stack: TestStack;
let u: DemoUsers;

beforeAll(async () => {
  stack = await startTestStack();
  u = await demoUsers(stack.baseUrl);
});
afterAll(() => stack?.stop());

/** Reads the mandate and its history back, to prove a refused request changed nothing. */
async function readBack(id: string) {
  const [mandate, history] = await Promise.all([u.lead.get(mandatePath(id)), u.lead.get(`${mandatePath(id)}/history`)]);
  return { mandate: mandate.body, history: history.body };
}

async function expectUnchanged(id: string, attempt: () => Promise<{ status: number; body: any; headers: Headers }>, status: number) {
  const before = await readBack(id);
  const reply = await attempt();
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(reply.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String), code: expect.any(String) });
  expect(JSON.stringify(reply.body)).not.toMatch(/at .*\.ts:\d+/);
  expect(await readBack(id)).toEqual(before);
  return reply.body;
}

describe('POST …/actions/:action errors', () => {
  let id: string;
  beforeAll(async () => {
    id = (await createMandate(u)).id;
  });

  it('when the body is malformed JSON, then 400', async () => {
    await expectUnchanged(id, () => u.lead.post(`${mandatePath(id)}/actions/submit`, '{"voteDeadline":'), 400);
  });

  it('when nobody is logged in, then 401', async () => {
    await expectUnchanged(id, () => new ApiClient(stack.baseUrl).post(`${mandatePath(id)}/actions/submit`, {}), 401);
    await expectUnchanged(id, () => new ApiClient(stack.baseUrl, 'not-a-token').post(`${mandatePath(id)}/actions/submit`, {}), 401);
  });

  it('when the caller is not a member of the region, then 403', async () => {
    await expectUnchanged(id, () => u.otherLead.post(`${mandatePath(id)}/actions/submit`, {}), 403);
  });

  it('when the role does not allow the action, then 403', async () => {
    const body = await expectUnchanged(id, () => act(u.staff, id, 'submit'), 403);
    expect(body.code).toBe('forbidden');
    await expectUnchanged(id, () => act(u.manager, id, 'withdraw', { reason: 'x' }), 403);
    await expectUnchanged(id, () => act(u.admin, id, 'submit'), 403);
  });

  it('when the mandate is unknown or belongs to another region, then 404', async () => {
    expect((await act(u.lead, 'm-nope', 'submit')).status).toBe(404);
    const foreign = (
      await u.otherLead.post('/api/regions/other/mandates', {
        title: 'Fachkräfte',
        actionField: 'Fachkräfte sichern',
        question: '?',
        goals: ['mehr'],
        dueDate: '2027-01-01',
      })
    ).body;
    const viaDemo = await u.lead.get(mandatePath(foreign.id));
    expect(viaDemo.status).toBe(404);
    const actViaDemo = await act(u.lead, foreign.id, 'submit');
    expect(actViaDemo.status).toBe(404);
    expect((await u.otherLead.get(mandatePath(foreign.id, 'other'))).body.phase).toBe('draft');
  });

  it('when the action is not allowed in the phase, then 409 naming the phase and what is allowed', async () => {
    const body = await expectUnchanged(id, () => act(u.lead, id, 'submit-dossier'), 409);
    expect(body).toMatchObject({ code: 'action_not_allowed_in_phase', phase: 'draft', allowedActions: ['submit'] });
    expect(body.detail).toContain("phase 'draft'");
  });

  it('when the payload is invalid, then 422 naming each field', async () => {
    const body = await expectUnchanged(id, () => act(u.lead, id, 'submit', { voteDeadline: 'soon', extra: 1 }), 422);
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['extra', 'voteDeadline']);
    const past = await expectUnchanged(id, () => act(u.lead, id, 'submit', { voteDeadline: '2001-01-01' }), 422);
    expect(past.errors).toEqual([{ field: 'voteDeadline', code: 'not_in_future', message: 'must be in the future' }]);
  });

  it('when a precondition of the phase is missing, then 409 and nothing changes', async () => {
    const m = await createMandate(u);
    await mustAct(u.lead, m.id, 'submit');
    const prepared = await voteAll(u, m.id, { choice: 'yes' });
    const held = await expectUnchanged(m.id, () => act(u.lead, m.id, 'submit-dossier'), 409);
    expect(held).toMatchObject({
      code: 'required_tasks_open',
      phase: 'preparation',
      openTasks: expect.arrayContaining([expect.objectContaining({ status: 'open' })]),
    });
    // With the office's tasks called off, the dossier still needs an option and a data point.
    for (const task of prepared.tasks) await mustTaskAct(u.lead, task.id, 'cancel', { reason: 'nicht nötig' });
    const body = await expectUnchanged(m.id, () => act(u.lead, m.id, 'submit-dossier'), 409);
    expect(body.code).toBe('dossier_incomplete');
    const badCost = await expectUnchanged(m.id, () => act(u.staff, m.id, 'add-option', { title: 'X', description: 'Y', cost: -5 }), 422);
    expect(badCost.errors).toEqual([{ field: 'cost', code: 'too_small', message: 'must be 0 or more', params: { minimum: 0, origin: 'number' } }]);
  });

  it('when the action is unknown, then 404', async () => {
    await expectUnchanged(id, () => act(u.lead, id, 'approve'), 404);
  });
});

describe('POST /api/regions/:regionId/mandates errors', () => {
  it('when fields are missing or wrong, then 422 names each one and no mandate is created', async () => {
    const before = (await u.lead.get('/api/regions/demo/mandates?pageSize=100')).body.total;
    const reply = await u.lead.post('/api/regions/demo/mandates', { title: '', actionField: 'x', question: 'q', goals: [], dueDate: '2027-02-30' });
    expect(reply.status).toBe(422);
    expect(reply.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['dueDate', 'goals', 'title']);
    expect((await u.lead.get('/api/regions/demo/mandates?pageSize=100')).body.total).toBe(before);
  });

  it('when a board member or manager tries to create, then 403', async () => {
    expect((await u.board[1]!.post('/api/regions/demo/mandates', {})).status).toBe(403);
    expect((await u.manager.post('/api/regions/demo/mandates', {})).status).toBe(403);
  });
});

describe('Idempotency-Key', () => {
  it('when an action is retried with the same key, then the first result is returned and it has no second effect', async () => {
    const m = await createMandate(u);
    await mustAct(u.lead, m.id, 'submit');
    await voteAll(u, m.id, { choice: 'yes' });
    const headers = { 'Idempotency-Key': 'add-option-0001' };
    const first = await act(u.staff, m.id, 'add-option', { title: 'Lotsen', description: 'Ausbildungslotsen' }, headers);
    const second = await act(u.staff, m.id, 'add-option', { title: 'Lotsen', description: 'Ausbildungslotsen' }, headers);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const read = (await u.staff.get(mandatePath(m.id))).body;
    expect(read.options).toHaveLength(1);
    expect(read.version).toBe(first.body.version);
  });

  it('when the retried action has since become impossible in the phase, then the retry still returns the first result', async () => {
    const m = await createMandate(u);
    const headers = { 'Idempotency-Key': 'submit-once' };
    const first = await act(u.lead, m.id, 'submit', {}, headers);
    const retry = await act(u.lead, m.id, 'submit', {}, headers);
    expect(retry.status).toBe(200);
    expect(retry.body.version).toBe(first.body.version);
    expect((await u.lead.get(`${mandatePath(m.id)}/history`)).body.items.filter((e: { action: string }) => e.action === 'submit')).toHaveLength(1);
  });

  it('when a create is retried with the same key, then one mandate exists', async () => {
    const headers = { 'Idempotency-Key': 'create-xyz' };
    const before = (await u.lead.get('/api/regions/demo/mandates?pageSize=100')).body.total;
    const first = await u.lead.post(
      '/api/regions/demo/mandates',
      { title: 'Einmalig', actionField: 'A', question: 'Q', goals: ['G'], dueDate: '2027-01-01' },
      headers,
    );
    const second = await u.lead.post(
      '/api/regions/demo/mandates',
      { title: 'Einmalig', actionField: 'A', question: 'Q', goals: ['G'], dueDate: '2027-01-01' },
      headers,
    );
    expect(first.status).toBe(201);
    expect(second.body.id).toBe(first.body.id);
    expect((await u.lead.get('/api/regions/demo/mandates?pageSize=100')).body.total).toBe(before + 1);
  });
});

describe('region isolation', () => {
  it("when users of one region list, read or act, then they never see the other region's mandates", async () => {
    const demoMandate = await createMandate(u);
    const otherList = (await u.otherChair.get('/api/regions/other/mandates')).body.items;
    expect(otherList.some((m: { id: string }) => m.id === demoMandate.id)).toBe(false);
    expect((await u.otherChair.get('/api/regions/demo/mandates')).status).toBe(403);
    expect((await u.otherChair.get(mandatePath(demoMandate.id))).status).toBe(403);
    expect((await u.otherChair.get(`${mandatePath(demoMandate.id)}/history`)).status).toBe(403);
    expect((await act(u.otherChair, demoMandate.id, 'withdraw', { reason: 'x' })).status).toBe(403);
    expect((await u.otherChair.get(mandatePath(demoMandate.id, 'other'))).status).toBe(404);
    expect((await u.lead.get(mandatePath(demoMandate.id))).body.phase).toBe('draft');
  });
});
