import { createNotifications, type NotificationInput } from '../../store/notifications';
import { ApiClient, login } from '../support/http';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let staff: ApiClient;
let staff2: ApiClient;
let lead: ApiClient;

beforeAll(async () => {
  stack = await startTestStack();
  [staff, staff2, lead] = (await Promise.all(['staff@demo.test', 'staff2@demo.test', 'lead@demo.test'].map((email) => login(stack.baseUrl, email)))) as [
    ApiClient,
    ApiClient,
    ApiClient,
  ];
});
afterAll(() => stack?.stop());

let seq = 0;
function notification(userId: string, overrides: Partial<NotificationInput> = {}): NotificationInput {
  seq += 1;
  return {
    id: `test-${seq}:${userId}`,
    userId,
    regionId: 'demo',
    kind: 'task-assigned',
    params: { taskTitle: `Aufgabe ${seq}`, mandateTitle: 'Übergänge gestalten', dueDate: '2030-02-01' },
    taskId: `task-${seq}`,
    mandateId: 'mandate-1',
    ...overrides,
  };
}

const put = (client: ApiClient, path: string, body: unknown) => client.request('PUT', path, body);

describe('GET /api/me/notifications', () => {
  it('when notifications are created for a user, then they see them newest first with link, total and unread, and nobody else does', async () => {
    const older = notification('demo-staff');
    const newer = notification('demo-staff', {
      kind: 'mention',
      taskId: null,
      mandateId: 'm-7',
      params: { actorName: 'Lena Leitung', commentExcerpt: 'Bitte ansehen' },
    });
    await createNotifications(stack.store.models, [older], new Date('2030-01-01T10:00:00Z'));
    await createNotifications(stack.store.models, [newer], new Date('2030-01-01T11:00:00Z'));

    const reply = await staff.get('/api/me/notifications');
    expect(reply.status).toBe(200);
    expect(reply.body.total).toBe(2);
    expect(reply.body.unread).toBe(2);
    expect(reply.body.items).toEqual([
      {
        id: newer.id,
        kind: 'mention',
        regionId: 'demo',
        taskId: null,
        mandateId: 'm-7',
        params: { actorName: 'Lena Leitung', commentExcerpt: 'Bitte ansehen' },
        createdAt: '2030-01-01T11:00:00.000Z',
        readAt: null,
        link: '#/regions/demo/mandates/m-7',
      },
      expect.objectContaining({ id: older.id, kind: 'task-assigned', taskId: older.taskId, link: `#/regions/demo/tasks/${older.taskId}` }),
    ]);

    const others = await staff2.get('/api/me/notifications');
    expect(others.status).toBe(200);
    expect(others.body).toMatchObject({ items: [], total: 0, unread: 0 });
  });

  it('when unread=true and a page size are given, then only unread ones come, one page at a time', async () => {
    const items = [notification('demo-lead'), notification('demo-lead'), notification('demo-lead')];
    await createNotifications(stack.store.models, items);
    await lead.post(`/api/me/notifications/${encodeURIComponent(items[0]!.id)}/read`);

    const page1 = await lead.get('/api/me/notifications?unread=true&pageSize=1');
    const page2 = await lead.get('/api/me/notifications?unread=true&pageSize=1&page=2');
    expect(page1.body).toMatchObject({ total: 2, unread: 2, page: 1, pageSize: 1 });
    expect(page1.body.items).toHaveLength(1);
    expect(page2.body.items).toHaveLength(1);
    const seen = [page1.body.items[0].id, page2.body.items[0].id].sort();
    expect(seen).toEqual([items[1]!.id, items[2]!.id].sort());
    const all = await lead.get('/api/me/notifications');
    expect(all.body).toMatchObject({ total: 3, unread: 2 });
  });

  it('when the query is bad, then 422 names the parameter', async () => {
    const reply = await staff.get('/api/me/notifications?pageSize=0&unread=maybe');
    expect(reply.status).toBe(422);
    expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(reply.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['pageSize', 'unread']);
  });

  it('when not logged in, then 401', async () => {
    const anonymous = new ApiClient(stack.baseUrl);
    expect((await anonymous.get('/api/me/notifications')).status).toBe(401);
    expect((await anonymous.get('/api/me/notifications/unread-count')).status).toBe(401);
    expect((await anonymous.get('/api/me/notification-preferences')).status).toBe(401);
  });
});

describe('POST /api/me/notifications/:id/read and read-all', () => {
  it('when a user reads their notification, then readAt is set once and the unread count drops', async () => {
    const mine = notification('demo-staff2');
    await createNotifications(stack.store.models, [mine, notification('demo-staff2')]);
    expect((await staff2.get('/api/me/notifications/unread-count')).body).toEqual({ unread: 2 });

    const first = await staff2.post(`/api/me/notifications/${encodeURIComponent(mine.id)}/read`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: mine.id, readAt: expect.any(String) });
    const again = await staff2.post(`/api/me/notifications/${encodeURIComponent(mine.id)}/read`);
    expect(again.body.readAt).toBe(first.body.readAt);
    expect((await staff2.get('/api/me/notifications/unread-count')).body).toEqual({ unread: 1 });
  });

  it("when a user marks someone else's notification or an unknown one, then 404 and it stays unread", async () => {
    const theirs = notification('demo-lead');
    await createNotifications(stack.store.models, [theirs]);
    const reply = await staff.post(`/api/me/notifications/${encodeURIComponent(theirs.id)}/read`);
    expect(reply.status).toBe(404);
    expect(reply.body.code).toBe('not_found');
    expect((await staff.post('/api/me/notifications/no-such-id/read')).status).toBe(404);
    const listed = await lead.get('/api/me/notifications');
    expect(listed.body.items.find((n: { id: string }) => n.id === theirs.id)).toMatchObject({ readAt: null });
  });

  it('when read-all is posted, then all of the caller’s notifications are read and nobody else’s', async () => {
    const theirs = notification('demo-staff2');
    await createNotifications(stack.store.models, [notification('demo-staff'), notification('demo-staff'), theirs]);
    const before = (await staff2.get('/api/me/notifications/unread-count')).body.unread;
    const reply = await staff.post('/api/me/notifications/read-all');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ marked: 4, unread: 0 });
    expect((await staff.get('/api/me/notifications?unread=true')).body.total).toBe(0);
    expect((await staff2.get('/api/me/notifications/unread-count')).body.unread).toBe(before);
  });
});

describe('createNotifications', () => {
  it('when the same id is inserted twice, also at the same time, then there is one notification', async () => {
    const input = notification('demo-manager');
    await Promise.all([createNotifications(stack.store.models, [input]), createNotifications(stack.store.models, [input])]);
    await createNotifications(stack.store.models, [{ ...input, params: { taskTitle: 'changed' } }]);
    expect(await stack.store.models.Notification.countDocuments({ _id: input.id })).toBe(1);
    const stored = await stack.store.models.Notification.findById(input.id).lean();
    expect(stored?.params).toEqual(input.params);
    const manager = await login(stack.baseUrl, 'manager@demo.test');
    expect((await manager.get('/api/me/notifications')).body.total).toBe(1);
  });
});

describe('createNotifications with a bad input', () => {
  it('when a kind is unknown, then it throws and stores nothing of the batch', async () => {
    const good = notification('demo-admin');
    const bad = { ...notification('demo-admin'), kind: 'task-exploded' } as unknown as NotificationInput;
    await expect(createNotifications(stack.store.models, [good, bad])).rejects.toThrow(/unknown kind 'task-exploded'/);
    expect(await stack.store.models.Notification.countDocuments({ _id: { $in: [good.id, bad.id] } })).toBe(0);
    expect(await stack.store.models.NotificationOutbox.countDocuments({ _id: { $in: [good.id, bad.id] } })).toBe(0);
  });
});

describe('GET/PUT /api/me/notification-preferences', () => {
  it('when nothing is set, then the defaults are immediate e-mail in German', async () => {
    const reply = await staff.get('/api/me/notification-preferences');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ email: 'immediate', locale: 'de' });
  });

  it('when a user changes one field, then it is stored for them alone and the other keeps its value', async () => {
    const reply = await put(staff, '/api/me/notification-preferences', { email: 'digest' });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ email: 'digest', locale: 'de' });
    expect((await put(staff, '/api/me/notification-preferences', { locale: 'en' })).body).toEqual({ email: 'digest', locale: 'en' });
    expect((await staff.get('/api/me/notification-preferences')).body).toEqual({ email: 'digest', locale: 'en' });
    expect((await lead.get('/api/me/notification-preferences')).body).toEqual({ email: 'immediate', locale: 'de' });
  });

  it('when a value is not allowed, then 422 names the field and nothing changes', async () => {
    await put(lead, '/api/me/notification-preferences', { email: 'off', locale: 'de' });
    const reply = await put(lead, '/api/me/notification-preferences', { email: 'weekly', locale: 'fr', colour: 'red' });
    expect(reply.status).toBe(422);
    expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const fields = Object.fromEntries(reply.body.errors.map((e: { field: string; code: string }) => [e.field, e.code]));
    expect(fields).toEqual({ email: 'invalid_value', locale: 'invalid_value', colour: 'unknown_field' });
    expect((await lead.get('/api/me/notification-preferences')).body).toEqual({ email: 'off', locale: 'de' });
  });
});
