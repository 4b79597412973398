import { startTestStack, type TestStack } from '../support/stack';
import { ApiClient } from '../support/http';
import { createMandate, demoUsers, mandatePath, taskPath, type DemoUsers } from '../factories';
import { countComments } from '../../store/comments';

let stack: TestStack;
let u: DemoUsers;
let mandateId: string;
let taskId: string;
let foreignMandateId: string;

beforeAll(async () => {
  stack = await startTestStack();
  u = await demoUsers(stack.baseUrl);
  const [mandate, foreign] = await Promise.all([
    createMandate(u, { title: 'Kommentare' }),
    u.otherLead.post('/api/regions/other/mandates', { title: 'Fremd', actionField: 'A', question: 'Q', goals: ['G'], dueDate: '2027-01-01' }),
  ]);
  mandateId = mandate.id;
  foreignMandateId = foreign.body.id;
  const task = await u.lead.post('/api/regions/demo/tasks', { title: 'Stellungnahme einholen', mandateId, dueDate: '2027-06-30' });
  if (task.status !== 201) throw new Error(`task → ${task.status}: ${JSON.stringify(task.body)}`);
  taskId = task.body.id;
});
afterAll(() => stack?.stop());

const commentsOf = (path: string) => `${path}/comments`;

async function countAllComments() {
  return stack.store.models.Comment.countDocuments({});
}

function expectProblem(reply: { status: number; body: any; headers: Headers }, status: number) {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(reply.body).toMatchObject({ status, code: expect.any(String), detail: expect.any(String) });
}

describe('POST …/mandates/:id/comments', () => {
  it('when a member comments and mentions colleagues, then 201 and each mentioned member but the author gets a mention notification', async () => {
    const reply = await u.staff.post(commentsOf(mandatePath(mandateId)), {
      text: '  Bitte prüfen, @Lena und @Svenja.  ',
      mentions: ['demo-lead', 'demo-staff2', 'demo-staff'],
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      id: expect.any(String),
      author: { id: 'demo-staff', name: 'Sven Sachbearbeitung' },
      text: 'Bitte prüfen, @Lena und @Svenja.',
      mentions: [
        { id: 'demo-lead', name: 'Lena Leitung' },
        { id: 'demo-staff2', name: 'Svenja Sachbearbeitung' },
        { id: 'demo-staff', name: 'Sven Sachbearbeitung' },
      ],
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const notifications = await stack.store.models.Notification.find({ kind: 'mention', _id: { $regex: `^mention:${reply.body.id}:` } })
      .sort({ _id: 1 })
      .lean();
    expect(notifications.map((n) => n._id)).toEqual([`mention:${reply.body.id}:demo-lead`, `mention:${reply.body.id}:demo-staff2`]);
    expect(notifications[0]).toMatchObject({
      userId: 'demo-lead',
      regionId: 'demo',
      kind: 'mention',
      mandateId,
      params: { actorName: 'Sven Sachbearbeitung', commentExcerpt: 'Bitte prüfen, @Lena und @Svenja.', mandateTitle: 'Kommentare', taskTitle: null },
    });
    expect(notifications[0]!.taskId ?? null).toBeNull();
    const inbox = await u.staff2.get('/api/me/notifications');
    expect(inbox.body.items.map((n: { id: string }) => n.id)).toContain(`mention:${reply.body.id}:demo-staff2`);
  });

  it('when board members, the manager or the admin comment, then they may: every member of the region can', async () => {
    for (const client of [u.board[1]!, u.chair, u.manager, u.admin]) {
      expect((await client.post(commentsOf(mandatePath(mandateId)), { text: 'Gelesen.' })).status).toBe(201);
    }
  });

  it('when the text is empty or too long, or mentions are bad, then 422 names each field and nothing is stored', async () => {
    const before = await countAllComments();
    const path = commentsOf(mandatePath(mandateId));
    const cases: [unknown, string[]][] = [
      [{ text: '   ' }, ['text']],
      [{}, ['text']],
      [{ text: 'x'.repeat(5001) }, ['text']],
      [{ text: 'ok', mentions: ['demo-lead', 'demo-lead'] }, ['mentions.1']],
      [{ text: 'ok', mentions: Array.from({ length: 21 }, (_, i) => `u${i}`) }, ['mentions']],
      [{ text: 'ok', mentions: 'demo-lead' }, ['mentions']],
      [{ text: 'ok', extra: 1 }, ['extra']],
      [{ text: 'ok', mentions: ['demo-lead', 'other-lead', 'nobody'] }, ['mentions.1', 'mentions.2']],
    ];
    for (const [body, fields] of cases) {
      const reply = await u.staff.post(path, body);
      expectProblem(reply, 422);
      expect(reply.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(fields);
    }
    const member = await u.staff.post(path, { text: 'ok', mentions: ['other-lead'] });
    expect(member.body.errors).toEqual([
      { field: 'mentions.0', code: 'not_a_member', message: "'other-lead' is not a member of the region", params: { userId: 'other-lead' } },
    ]);
    expect(await countAllComments()).toBe(before);
  });

  it('when the text has exactly 5000 characters and 20 mentions, then it is accepted', async () => {
    const members = [
      'demo-chair',
      'demo-board1',
      'demo-board2',
      'demo-board3',
      'demo-board4',
      'demo-lead',
      'demo-staff',
      'demo-staff2',
      'demo-manager',
      'demo-admin',
    ];
    const reply = await u.staff.post(commentsOf(mandatePath(mandateId)), { text: 'y'.repeat(5000), mentions: members });
    expect(reply.status).toBe(201);
    expect(reply.body.text).toHaveLength(5000);
    const notification = await stack.store.models.Notification.findById(`mention:${reply.body.id}:demo-lead`).lean();
    expect(String(notification?.params.commentExcerpt)).toHaveLength(140);
  });

  it('when nobody is logged in, then 401', async () => {
    const before = await countAllComments();
    expectProblem(await new ApiClient(stack.baseUrl).post(commentsOf(mandatePath(mandateId)), { text: 'anonym' }), 401);
    expectProblem(await new ApiClient(stack.baseUrl).get(commentsOf(mandatePath(mandateId))), 401);
    expect(await countAllComments()).toBe(before);
  });

  it('when the caller is a member of another region, then 403', async () => {
    expectProblem(await u.otherLead.post(commentsOf(mandatePath(mandateId)), { text: 'fremd' }), 403);
    expectProblem(await u.otherLead.get(commentsOf(mandatePath(mandateId))), 403);
  });

  it('when the mandate is unknown or of another region, then 404', async () => {
    expectProblem(await u.staff.post(commentsOf(mandatePath('m-nope')), { text: 'x' }), 404);
    expectProblem(await u.staff.post(commentsOf(mandatePath(foreignMandateId)), { text: 'x' }), 404);
    expectProblem(await u.staff.get(commentsOf(mandatePath(foreignMandateId))), 404);
    expect(await stack.store.models.Comment.countDocuments({ 'target.id': foreignMandateId })).toBe(0);
  });

  it('when a cookie session writes without the CSRF header, then 403; with it, 201', async () => {
    const login = await new ApiClient(stack.baseUrl).post('/api/auth/login', { email: 'staff2@demo.test', password: 'demo' });
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const anonymous = new ApiClient(stack.baseUrl);
    const before = await countAllComments();
    expectProblem(await anonymous.request('POST', commentsOf(mandatePath(mandateId)), { text: 'ohne' }, { cookie }), 403);
    expect(await countAllComments()).toBe(before);
    const ok = await anonymous.request('POST', commentsOf(mandatePath(mandateId)), { text: 'mit' }, { cookie, 'x-csrf-token': login.body.csrfToken });
    expect(ok.status).toBe(201);
  });
});

describe('GET …/comments', () => {
  it('when listed, then oldest first, one page at a time, with the total', async () => {
    const m = await createMandate(u, { title: 'Seiten' });
    for (const text of ['eins', 'zwei', 'drei', 'vier', 'fünf']) {
      expect((await u.staff.post(commentsOf(mandatePath(m.id)), { text })).status).toBe(201);
    }
    const first = await u.board[2]!.get(`${commentsOf(mandatePath(m.id))}?pageSize=2`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(first.body.items.map((c: { text: string }) => c.text)).toEqual(['eins', 'zwei']);
    const last = await u.board[2]!.get(`${commentsOf(mandatePath(m.id))}?page=3&pageSize=2`);
    expect(last.body.items.map((c: { text: string }) => c.text)).toEqual(['fünf']);
    const all = await u.lead.get(commentsOf(mandatePath(m.id)));
    expect(all.body.items.map((c: { text: string }) => c.text)).toEqual(['eins', 'zwei', 'drei', 'vier', 'fünf']);
    expect(all.body.items[0]).toEqual({
      id: expect.any(String),
      author: { id: 'demo-staff', name: 'Sven Sachbearbeitung' },
      text: 'eins',
      mentions: [],
      createdAt: expect.any(String),
    });
    // The count a list of mandates or tasks can show: targets without comments are absent.
    expect(await countComments(stack.store.models, 'mandate', [m.id, mandateId, 'm-none'])).toEqual(
      new Map([
        [m.id, 5],
        [mandateId, expect.any(Number)],
      ]),
    );
    expect(await countComments(stack.store.models, 'task', [m.id])).toEqual(new Map());
  });

  it('when page or pageSize are bad, then 422 naming them', async () => {
    const reply = await u.staff.get(`${commentsOf(mandatePath(mandateId))}?page=0&pageSize=500`);
    expectProblem(reply, 422);
    expect(reply.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['page', 'pageSize']);
  });

  it('when a mandate has no comments, then the list is empty', async () => {
    const m = await createMandate(u, { title: 'Leer' });
    expect((await u.staff.get(commentsOf(mandatePath(m.id)))).body).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });
  });
});

describe('…/tasks/:id/comments', () => {
  it('when a member comments on a task with a mention, then the notification names the task and its mandate', async () => {
    const reply = await u.lead.post(commentsOf(taskPath(taskId)), { text: 'Übernimmst du das?', mentions: ['demo-staff'] });
    expect(reply.status).toBe(201);
    const notification = await stack.store.models.Notification.findById(`mention:${reply.body.id}:demo-staff`).lean();
    expect(notification).toMatchObject({
      userId: 'demo-staff',
      kind: 'mention',
      taskId,
      mandateId,
      params: { actorName: 'Lena Leitung', taskTitle: 'Stellungnahme einholen', mandateTitle: 'Kommentare', commentExcerpt: 'Übernimmst du das?' },
    });
    const list = await u.board[1]!.get(commentsOf(taskPath(taskId)));
    expect(list.body.items.map((c: { text: string }) => c.text)).toEqual(['Übernimmst du das?']);
    // The mandate's comments are its own: the task's comment is not among them.
    const mandateComments = await u.staff.get(`${commentsOf(mandatePath(mandateId))}?pageSize=100`);
    expect(mandateComments.body.items.map((c: { text: string }) => c.text)).not.toContain('Übernimmst du das?');
  });

  it('when the task is unknown or of another region, then 404; for a member of another region, 403', async () => {
    const foreign = await u.otherLead.post('/api/regions/other/tasks', { title: 'Fremde Aufgabe', dueDate: '2027-06-30' });
    expect(foreign.status).toBe(201);
    expectProblem(await u.staff.post(commentsOf(taskPath('t-nope')), { text: 'x' }), 404);
    expectProblem(await u.staff.post(commentsOf(taskPath(foreign.body.id)), { text: 'x' }), 404);
    expectProblem(await u.staff.get(commentsOf(taskPath(foreign.body.id))), 404);
    expectProblem(await u.otherLead.get(commentsOf(taskPath(taskId))), 403);
    expectProblem(await new ApiClient(stack.baseUrl).get(commentsOf(taskPath(taskId))), 401);
    expect((await u.otherLead.post(commentsOf(taskPath(foreign.body.id, 'other')), { text: 'eigene' })).status).toBe(201);
  });
});
