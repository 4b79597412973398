import { hashPassword } from '../../store/passwords';
import { addDays, berlinDate } from '../../domain/time';
import {
  act,
  createMandate,
  demoUsers,
  finishMandateTasks,
  mandatePath,
  mustAct,
  mustTaskAct,
  preparedMandate,
  taskPath,
  voteAll,
  type DemoUsers,
} from '../factories';
import { login, type ApiClient } from '../support/http';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let u: DemoUsers;
const today = () => berlinDate(Date.now());

beforeAll(async () => {
  stack = await startTestStack();
  u = await demoUsers(stack.baseUrl);
});
afterAll(() => stack?.stop());

/** An ad-hoc task by the lead; assigned to someone or open to office staff. */
async function adHoc(overrides: Record<string, unknown> = {}) {
  const reply = await u.lead.post('/api/regions/demo/tasks', { title: 'Protokoll versenden', dueDate: addDays(today(), 7), ...overrides });
  if (reply.status !== 201) throw new Error(`create task → ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

const inbox = async (client: ApiClient, query = 'view=mine') => {
  const reply = await client.get(`/api/regions/demo/inbox?${query}&pageSize=100`);
  if (reply.status !== 200) throw new Error(`inbox → ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
};
const ids = (page: { items: { id: string }[] }) => page.items.map((t) => t.id);
const history = async (id: string) => (await u.lead.get(`${taskPath(id)}/history`)).body.items;

describe('tasks from the cycle', () => {
  it('when a mandate enters preparation, then the office gets its tasks from the templates, one data request per indicator', async () => {
    const m = await preparedMandate(u);
    expect(m.tasks.map((t: { title: string }) => t.title)).toEqual([
      'Akteure beteiligen',
      'Handlungsoptionen erarbeiten',
      'Daten anfordern: Vertragslösungsquote',
      'Daten anfordern: Anteil der Abgänger*innen ohne Ersten Schulabschluss',
      'Dossier für den Beirat zusammenstellen',
    ]);
    const claimable = await inbox(u.staff, `view=role&mandateId=${m.id}`);
    expect(claimable.items.map((t: { type: string }) => t.type)).toEqual(['consult', 'data-request', 'data-request', 'options']);
    expect(claimable.items[1]).toMatchObject({
      mandateTitle: m.title,
      params: { indicator: 'training-contract-termination-rate' },
      review: true,
      status: 'open',
      allowedActions: ['claim'],
    });
    // The dossier is the lead's: staff cannot claim it, the lead can.
    const dossier = m.tasks.find((t: { type: string }) => t.type === 'compile-dossier');
    expect((await u.staff.post(`${taskPath(dossier.id)}/actions/claim`)).status).toBe(403);
    expect(ids(await inbox(u.lead, `view=role&mandateId=${m.id}`))).toContain(dossier.id);
  });

  it('when the options task is done, then the mandate has the option, credited to who did the work', async () => {
    const m = await preparedMandate(u);
    const task = m.tasks.find((t: { type: string }) => t.type === 'options');
    await mustTaskAct(u.staff, task.id, 'claim');
    const done = await mustTaskAct(u.staff, task.id, 'complete', { output: { title: 'Lotsen', description: 'Ausbildungslotsen', cost: 1000 } });
    expect(done).toMatchObject({ status: 'done', completedBy: { id: 'demo-staff' }, allowedActions: [] });
    const mandate = (await u.manager.get(mandatePath(m.id))).body;
    expect(mandate.options).toEqual([expect.objectContaining({ title: 'Lotsen', cost: 1000, addedBy: { id: 'demo-staff', name: 'Sven Sachbearbeitung' } })]);
    expect(mandate.tasks.find((t: { id: string }) => t.id === task.id).status).toBe('done');
  });

  it('when a data task is completed, then its values reach the mandate only after a second person approves them', async () => {
    const m = await preparedMandate(u);
    const task = m.tasks.find((t: { type: string }) => t.type === 'data-request');
    await mustTaskAct(u.staff, task.id, 'claim');
    const points = [{ indicator: 'training-contract-termination-rate', period: '2025', value: 27.4, unit: '%', source: 'IHK' }];
    const inReview = await mustTaskAct(u.staff, task.id, 'complete', { output: { points } });
    expect(inReview.status).toBe('in_review');
    expect((await u.manager.get(mandatePath(m.id))).body.data).toEqual([]);
    expect(ids(await inbox(u.staff2, 'view=review'))).toContain(task.id);
    expect(ids(await inbox(u.staff, 'view=review'))).not.toContain(task.id);

    const rejected = await mustTaskAct(u.staff2, task.id, 'reject', { comment: 'Quelle fehlt beim zweiten Wert' });
    expect(rejected).toMatchObject({ status: 'claimed', assignee: { id: 'demo-staff' }, reviewDecision: { decision: 'rejected', by: { id: 'demo-staff2' } } });
    await mustTaskAct(u.staff, task.id, 'complete', { output: { points } });
    await mustTaskAct(u.staff2, task.id, 'approve', { comment: 'passt' });
    const data = (await u.manager.get(mandatePath(m.id))).body.data;
    expect(data).toEqual([
      expect.objectContaining({
        indicator: 'training-contract-termination-rate',
        value: 27.4,
        phase: 'preparation',
        recordedBy: { id: 'demo-staff', name: 'Sven Sachbearbeitung' },
      }),
    ]);
    expect((await history(task.id)).map((e: { action: string }) => e.action)).toEqual(['create', 'claim', 'complete', 'reject', 'complete', 'approve']);
  });

  it('when the chair withdraws the mandate, then its open tasks are cancelled', async () => {
    const m = await preparedMandate(u);
    await mustAct(u.chair, m.id, 'withdraw', { reason: 'erledigt sich' });
    for (let i = 0; i < 50; i++) {
      const statuses = (await inbox(u.lead, `view=done&mandateId=${m.id}`)).items.map((t: { status: string }) => t.status);
      if (statuses.length === 5) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const done = await inbox(u.lead, `view=done&mandateId=${m.id}`);
    expect(done.items.map((t: { status: string; cancelReason: string }) => `${t.status}:${t.cancelReason}`)).toEqual(
      Array(5).fill('cancelled:mandate withdrawn'),
    );
    expect((await inbox(u.lead, `view=all&mandateId=${m.id}`)).total).toBe(0);
  });
});

describe('assignment', () => {
  it('when two people claim the same task at the same moment, then exactly one wins and the other gets 409', async () => {
    for (let round = 0; round < 5; round++) {
      const task = await adHoc();
      const replies = await Promise.all([u.staff, u.staff2].map((c) => c.post(`${taskPath(task.id)}/actions/claim`)));
      if (replies.some((r) => r.status >= 500)) throw new Error(JSON.stringify(replies.map((r) => r.body)));
      expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
      const loser = replies.find((r) => r.status === 409)!;
      expect(loser.body).toMatchObject({ code: 'task_already_claimed', status: 409 });
      const claims = (await history(task.id)).filter((e: { action: string }) => e.action === 'claim');
      expect(claims).toHaveLength(1);
      expect((await u.lead.get(taskPath(task.id))).body.assignee.id).toBe(claims[0].actor.id);
    }
  });

  it('when the holder delegates a task, then the colleague holds it and the history keeps both', async () => {
    const task = await adHoc({ assigneeId: 'demo-staff' });
    const delegated = await mustTaskAct(u.staff, task.id, 'delegate', { assigneeId: 'demo-staff2', note: 'Du kennst die Schulen besser' });
    expect(delegated.assignee).toEqual({ id: 'demo-staff2', name: 'Svenja Sachbearbeitung' });
    expect(ids(await inbox(u.staff2))).toContain(task.id);
    expect(ids(await inbox(u.staff))).not.toContain(task.id);
    expect((await u.staff.post(`${taskPath(task.id)}/actions/complete`, { output: {} })).status).toBe(403);
    const events = await history(task.id);
    expect(events[1]).toMatchObject({
      action: 'delegate',
      actor: { id: 'demo-staff' },
      details: { from: { id: 'demo-staff' }, to: { id: 'demo-staff2' }, note: 'Du kennst die Schulen besser' },
    });
  });

  it('when a person to assign is not office staff of the region, then the request fails naming assigneeId and nothing changes', async () => {
    const task = await adHoc();
    for (const assigneeId of ['demo-manager', 'other-lead', 'nobody']) {
      const reply = await u.lead.post(`${taskPath(task.id)}/actions/assign`, { assigneeId });
      expect(reply.status).toBe(422);
      expect(reply.body.errors).toEqual([expect.objectContaining({ field: 'assigneeId', code: 'not_a_member' })]);
    }
    expect((await u.lead.get(taskPath(task.id))).body).toMatchObject({ status: 'open', assignee: null, version: 1 });
  });

  it('when the lead reassigns in bulk, then every task that can move moves and the others say why', async () => {
    const tasks = [await adHoc({ assigneeId: 'demo-staff' }), await adHoc({ assigneeId: 'demo-staff' }), await adHoc({ assigneeId: 'demo-staff' })];
    await mustTaskAct(u.staff, tasks[2].id, 'complete', { output: {} });
    const reply = await u.lead.post('/api/regions/demo/tasks/bulk/assign', { taskIds: tasks.map((t) => t.id), assigneeId: 'demo-staff2' });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ succeeded: 2, failed: 1 });
    expect(reply.body.results.map((r: { ok: boolean; problem?: { code: string } }) => (r.ok ? 'ok' : r.problem?.code))).toEqual(['ok', 'ok', 'task_closed']);
    expect(ids(await inbox(u.staff2))).toEqual(expect.arrayContaining([tasks[0].id, tasks[1].id]));
    expect(
      (await u.staff.post('/api/regions/demo/tasks/bulk/assign', { taskIds: [tasks[0].id], assigneeId: 'demo-staff' })).body.results[0].problem.status,
    ).toBe(403);
  });

  it('when staff claim in bulk, then they hold all the claimable tasks', async () => {
    const tasks = [await adHoc(), await adHoc()];
    const reply = await u.staff2.post('/api/regions/demo/tasks/bulk/claim', { taskIds: tasks.map((t) => t.id) });
    expect(reply.body).toMatchObject({ succeeded: 2, failed: 0 });
    expect(ids(await inbox(u.staff2))).toEqual(expect.arrayContaining(tasks.map((t) => t.id)));
  });
});

describe('absence and substitutes', () => {
  it('while a colleague is absent, their open and new tasks go to the substitute, who acts for them; afterwards they come back', async () => {
    const before = await adHoc({ assigneeId: 'demo-staff', title: 'Vor der Abwesenheit' });
    const absence = await u.staff.post('/api/regions/demo/absences', {
      substituteId: 'demo-staff2',
      from: today(),
      until: addDays(today(), 10),
      note: 'Urlaub',
    });
    expect(absence.status).toBe(201);
    expect(absence.body).toMatchObject({ user: { id: 'demo-staff' }, substitute: { id: 'demo-staff2' }, active: true });
    const during = await adHoc({ assigneeId: 'demo-staff', title: 'Während der Abwesenheit' });

    const substituteInbox = await inbox(u.staff2);
    expect(ids(substituteInbox)).toEqual(expect.arrayContaining([before.id, during.id]));
    expect(substituteInbox.items.find((t: { id: string }) => t.id === during.id)).toMatchObject({
      assignee: { id: 'demo-staff' },
      substitute: { id: 'demo-staff2' },
      allowedActions: expect.arrayContaining(['complete', 'delegate']),
    });
    await mustTaskAct(u.staff2, before.id, 'complete', { output: { note: 'für Sven erledigt' } });
    expect((await history(before.id)).at(-1)).toMatchObject({ action: 'complete', actor: { id: 'demo-staff2' }, onBehalfOf: { id: 'demo-staff' } });
    // The substitute hears of the new task that was meant for the absent colleague.
    const notes = await stack.store.models.Notification.find({ taskId: during.id }).lean();
    expect(notes.map((n) => `${n.kind}:${n.userId}`)).toEqual(['task-assigned:demo-staff2']);

    const ended = await u.staff.delete(`/api/regions/demo/absences/${absence.body.id}`);
    expect(ended.status).toBe(204);
    expect(ids(await inbox(u.staff2))).not.toContain(during.id);
    expect(ids(await inbox(u.staff))).toContain(during.id);
    expect((await u.staff2.post(`${taskPath(during.id)}/actions/complete`, { output: {} })).status).toBe(403);
  });

  it('when an absence is planned for later, then nothing is routed yet', async () => {
    const task = await adHoc({ assigneeId: 'demo-staff2', title: 'Geplante Abwesenheit' });
    const absence = await u.lead.post('/api/regions/demo/absences', {
      userId: 'demo-staff2',
      substituteId: 'demo-staff',
      from: addDays(today(), 20),
      until: addDays(today(), 30),
    });
    expect(absence.body).toMatchObject({ active: false, createdBy: { id: 'demo-lead' } });
    expect(ids(await inbox(u.staff))).not.toContain(task.id);
    await u.lead.delete(`/api/regions/demo/absences/${absence.body.id}`);
  });

  it('refuses bad absences with the field named, and only the lead records them for others', async () => {
    const cases: [ApiClient, Record<string, unknown>, number, string][] = [
      [u.staff, { substituteId: 'demo-staff', from: today(), until: today() }, 422, 'substituteId'],
      [u.staff, { substituteId: 'demo-staff2', from: addDays(today(), 3), until: today() }, 422, 'until'],
      [u.staff, { substituteId: 'demo-manager', from: today(), until: today() }, 422, 'substituteId'],
      [u.staff, { substituteId: 'demo-staff2', from: '2020-01-01', until: '2020-01-02' }, 422, 'until'],
      [u.staff, { substituteId: 'demo-staff2', from: 'morgen', until: today() }, 422, 'from'],
    ];
    for (const [client, body, status, field] of cases) {
      const reply = await client.post('/api/regions/demo/absences', body);
      expect([reply.status, reply.body.errors?.[0]?.field]).toEqual([status, field]);
    }
    expect(
      (await u.staff.post('/api/regions/demo/absences', { userId: 'demo-staff2', substituteId: 'demo-staff', from: today(), until: today() })).status,
    ).toBe(403);
    expect((await u.staff.get('/api/regions/demo/absences')).body.items).toEqual([]);
  });
});

describe('four eyes', () => {
  it('whoever completed a task can never approve it, whatever their roles', async () => {
    // An office lead who is also an admin: the strongest combination there is.
    await stack.store.models.User.create({
      _id: 'demo-superlead',
      email: 'superlead@demo.test',
      name: 'Susi Superleitung',
      passwordHash: await hashPassword('demo'),
      memberships: [{ regionId: 'demo', roles: ['office_lead', 'admin', 'manager'] }],
    });
    const superlead = await login(stack.baseUrl, 'superlead@demo.test');
    const people: [ApiClient, string][] = [
      [u.staff, 'demo-staff'],
      [u.lead, 'demo-lead'],
      [superlead, 'demo-superlead'],
    ];
    for (const [client, id] of people) {
      const task = await adHoc({ type: 'release-data', assigneeId: id });
      await mustTaskAct(client, task.id, 'complete', { output: { summary: 'geprüft' } });
      for (const action of ['approve', 'reject']) {
        const own = await client.post(`${taskPath(task.id)}/actions/${action}`, { comment: 'selbst' });
        expect([own.status, own.body.detail]).toEqual([403, expect.stringContaining('four eyes')]);
      }
      const other = client === u.staff ? u.staff2 : u.staff;
      expect((await mustTaskAct(other, task.id, 'approve')).status).toBe('done');
    }
  });

  it('a manager or board member cannot review at all', async () => {
    const task = await adHoc({ type: 'release-data', assigneeId: 'demo-staff' });
    await mustTaskAct(u.staff, task.id, 'complete', { output: { summary: 'geprüft' } });
    for (const client of [u.manager, u.chair, u.admin]) expect((await client.post(`${taskPath(task.id)}/actions/approve`)).status).toBe(403);
  });
});

describe('ad-hoc tasks and validation', () => {
  it('when the lead adds a required task to a mandate, then it holds the phase gate until it is done', async () => {
    const m = await createMandate(u);
    await mustAct(u.lead, m.id, 'submit');
    await voteAll(u, m.id, { choice: 'yes' });
    const extra = await adHoc({ mandateId: m.id, required: true, title: 'Schulträger anhören', assigneeId: 'demo-staff2' });
    expect(extra).toMatchObject({ mandateId: m.id, mandateTitle: m.title, required: true, status: 'claimed' });
    const mandate = (await u.lead.get(mandatePath(m.id))).body;
    expect(mandate.tasks.at(-1)).toMatchObject({ id: extra.id, required: true, phase: 'preparation', status: 'open' });
    await finishMandateTasks(u, m.id, { skip: [extra.id] });
    const held = await act(u.lead, m.id, 'submit-dossier');
    expect(held.body).toMatchObject({ status: 409, code: 'required_tasks_open', openTasks: [{ id: extra.id, title: 'Schulträger anhören' }] });
    await mustTaskAct(u.staff2, extra.id, 'complete', { output: { note: 'angehört' } });
    expect((await mustAct(u.lead, m.id, 'submit-dossier')).phase).toBe('decision');
  });

  it('refuses bad tasks and bad actions with problem+json naming the field, and changes nothing', async () => {
    const bad = await u.lead.post('/api/regions/demo/tasks', {
      title: '',
      dueDate: '2020-01-01',
      type: 'kaffee',
      assigneeId: 'demo-staff',
      candidateRole: 'office_staff',
    });
    expect(bad.status).toBe(422);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['title', 'type']);
    const both = await u.lead.post('/api/regions/demo/tasks', {
      title: 'x',
      dueDate: addDays(today(), 1),
      assigneeId: 'demo-staff',
      candidateRole: 'office_staff',
    });
    expect(both.body.errors).toEqual([expect.objectContaining({ field: 'candidateRole', code: 'not_allowed' })]);
    expect((await u.lead.post('/api/regions/demo/tasks', { title: 'x', dueDate: '2020-01-01' })).body.errors).toEqual([
      expect.objectContaining({ field: 'dueDate', code: 'not_in_past' }),
    ]);
    expect((await u.staff.post('/api/regions/demo/tasks', { title: 'x', dueDate: addDays(today(), 1) })).status).toBe(403);
    expect((await u.lead.post('/api/regions/demo/tasks', { title: 'x', dueDate: addDays(today(), 1), mandateId: 'nope' })).body.errors[0].field).toBe(
      'mandateId',
    );

    const task = await adHoc({ type: 'data-request', assigneeId: 'demo-staff', indicator: 'Betreuungsquote U3' });
    const wrong = await u.staff.post(`${taskPath(task.id)}/actions/complete`, {
      output: { points: [{ indicator: 'Betreuungsquote U3', period: '2025', value: 'viel' }] },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'output.points.0.value', code: 'invalid_type' })]);
    expect((await u.staff.post(`${taskPath(task.id)}/actions/fly`)).status).toBe(404);
    expect((await u.staff.post(`${taskPath(task.id)}/actions/update`, { dueDate: addDays(today(), 9) })).status).toBe(403);
    expect((await mustTaskAct(u.staff, task.id, 'update', { followUpDate: addDays(today(), 2) })).followUpDate).toBe(addDays(today(), 2));
    expect((await u.lead.get(taskPath(task.id))).body).toMatchObject({ status: 'claimed', output: null, dueDate: task.dueDate, version: 2 });
  });

  it('keeps tasks inside their region', async () => {
    const task = await adHoc();
    expect((await u.otherLead.get(taskPath(task.id))).status).toBe(403);
    expect((await u.otherLead.get(`/api/regions/other/tasks/${task.id}`)).status).toBe(404);
    expect((await u.otherLead.post(`/api/regions/other/tasks/${task.id}/actions/claim`)).status).toBe(404);
    expect((await u.otherLead.get('/api/regions/demo/inbox')).status).toBe(403);
    expect((await fetch(`${stack.baseUrl}/api/regions/demo/inbox`)).status).toBe(401);
  });

  it('with an Idempotency-Key, a retried action or create has its effect once', async () => {
    const headers = { 'Idempotency-Key': 'create-once-1' };
    const first = await u.lead.post('/api/regions/demo/tasks', { title: 'Einmal', dueDate: addDays(today(), 3) }, headers);
    const second = await u.lead.post('/api/regions/demo/tasks', { title: 'Einmal', dueDate: addDays(today(), 3) }, headers);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);
    const claim = () => u.staff.post(`${taskPath(first.body.id)}/actions/claim`, {}, { 'Idempotency-Key': 'claim-once-1' });
    expect((await claim()).status).toBe(200);
    expect((await claim()).status).toBe(200);
    expect((await history(first.body.id)).map((e: { action: string }) => e.action)).toEqual(['create', 'claim']);
    // The action that finishes the task ends its workflow; its retry still answers with the task, once.
    const complete = () => u.staff.post(`${taskPath(first.body.id)}/actions/complete`, { output: {} }, { 'Idempotency-Key': 'complete-once-1' });
    expect((await complete()).body.status).toBe('done');
    const retried = await complete();
    expect([retried.status, retried.body.status]).toEqual([200, 'done']);
    const other = await u.staff.post(`${taskPath(first.body.id)}/actions/complete`, { output: {} }, { 'Idempotency-Key': 'complete-once-2' });
    expect([other.status, other.body.code]).toEqual([409, 'task_closed']);
    expect((await history(first.body.id)).map((e: { action: string }) => e.action)).toEqual(['create', 'claim', 'complete']);
  });
});

describe('settings and saved filters', () => {
  it('the lead changes the region’s task settings; staff may not; bad values name the field', async () => {
    expect((await u.staff.put('/api/regions/demo/task-settings', { reminderDaysBefore: 5, escalationDaysAfter: 1, dueSoonDays: 7 })).status).toBe(403);
    const bad = await u.lead.put('/api/regions/demo/task-settings', { reminderDaysBefore: -1, escalationDaysAfter: 0, dueSoonDays: 7 });
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['reminderDaysBefore', 'escalationDaysAfter']);
    const good = await u.lead.put('/api/regions/demo/task-settings', { reminderDaysBefore: 5, escalationDaysAfter: 1, dueSoonDays: 10 });
    expect(good.status).toBe(200);
    const task = await adHoc({ assigneeId: 'demo-staff', dueDate: addDays(today(), 10) });
    expect(task.dueSoon).toBe(true);
    await u.lead.put('/api/regions/demo/task-settings', { reminderDaysBefore: 3, escalationDaysAfter: 2, dueSoonDays: 7 });
  });

  it('saves, lists and deletes a user’s own filters', async () => {
    const saved = await u.staff.post('/api/regions/demo/saved-filters', { name: 'Daten', query: { view: 'role', type: 'data-request', sort: '-created' } });
    expect(saved.status).toBe(201);
    expect(
      (await u.staff.post('/api/regions/demo/saved-filters', { name: '', query: { view: 'nirgends' } })).body.errors.map((e: { field: string }) => e.field),
    ).toEqual(['name', 'query.view']);
    expect((await u.staff.get('/api/regions/demo/saved-filters')).body.items).toEqual([
      expect.objectContaining({ name: 'Daten', query: { view: 'role', type: 'data-request', sort: '-created' } }),
    ]);
    expect((await u.staff2.get('/api/regions/demo/saved-filters')).body.items).toEqual([]);
    expect((await u.staff2.delete(`/api/regions/demo/saved-filters/${saved.body.id}`)).status).toBe(404);
    expect((await u.staff.delete(`/api/regions/demo/saved-filters/${saved.body.id}`)).status).toBe(204);
  });
});
