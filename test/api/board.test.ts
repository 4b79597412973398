import { addDays, berlinDate } from '../../domain/time';
import { demoUsers, type DemoUsers } from '../factories';
import { ApiClient, login } from '../support/http';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let u: DemoUsers;
const path = '/api/regions/demo/board';
const today = () => berlinDate(Date.now());

beforeAll(async () => {
  stack = await startTestStack();
  u = await demoUsers(stack.baseUrl);
});
afterAll(() => stack?.stop());

const composition = (overrides: Record<string, unknown> = {}) => ({
  code: 'LK',
  name: 'Lenkungskreis Bildung',
  quorum: { kind: 'fixed', count: 2 },
  tie: 'chair_casting',
  secretByDefault: true,
  reminderDays: [1, 5],
  members: [
    { userId: 'demo-chair', voting: true, chair: true, deputyOf: null, termFrom: '2025-01-01', termUntil: null },
    { userId: 'demo-board1', voting: true, chair: false, deputyOf: null, termFrom: '2025-01-01', termUntil: addDays(today(), -1) },
    { userId: 'demo-board2', voting: true, chair: false, deputyOf: null, termFrom: '2025-01-01', termUntil: null },
    { userId: 'demo-board3', voting: false, chair: false, deputyOf: 'demo-board2', termFrom: '2025-01-01', termUntil: null },
    { userId: 'demo-manager', voting: false, chair: false, deputyOf: null, termFrom: addDays(today(), 1), termUntil: null },
  ],
  ...overrides,
});

describe('GET /api/regions/:regionId/board', () => {
  it('when nothing is saved, then the default board: every board member and the chair vote, BB, majority, tie fails', async () => {
    const reply = await u.board[1]!.get(path);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      regionId: 'demo',
      code: 'BB',
      quorum: { kind: 'majority' },
      tie: 'fails',
      secretByDefault: false,
      reminderDays: [3, 1],
      reportLeadDays: 7,
      yellowDays: 14,
      updatedAt: null,
      updatedBy: null,
      chairId: 'demo-chair',
    });
    expect(reply.body.members.map((m: { userId: string }) => m.userId).sort()).toEqual([
      'demo-board1',
      'demo-board2',
      'demo-board3',
      'demo-board4',
      'demo-chair',
    ]);
    expect(reply.body.seats).toHaveLength(5);
    expect(reply.body.seats).toContainEqual({ memberId: 'demo-chair', name: 'Clara Vorsitz', deputies: [] });
    expect(Object.keys(reply.body)).not.toContain('_id');
  });

  it('when a data provider, a member of another region or nobody asks, then 403, 403, 401', async () => {
    const provider = await login(stack.baseUrl, 'provider@demo.test');
    expect((await provider.get(path)).status).toBe(403);
    const other = await u.otherLead.get(path);
    expect(other.status).toBe(403);
    expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await new ApiClient(stack.baseUrl).get(path)).status).toBe(401);
  });
});

describe('PUT /api/regions/:regionId/board', () => {
  it('when the office lead saves a composition, then it is read back with today’s seats, deputies and chair', async () => {
    const reply = await u.lead.put(path, composition());
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      code: 'LK',
      quorum: { kind: 'fixed', count: 2 },
      tie: 'chair_casting',
      secretByDefault: true,
      reminderDays: [5, 1],
      reportLeadDays: 7,
      updatedBy: { id: 'demo-lead', name: 'Lena Leitung' },
    });
    expect(reply.body.members[3]).toEqual({
      userId: 'demo-board3',
      name: 'Boris Beirat',
      voting: false,
      chair: false,
      deputyOf: 'demo-board2',
      termFrom: '2025-01-01',
      termUntil: null,
    });
    const read = await u.staff.get(path);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ code: 'LK', name: 'Lenkungskreis Bildung', chairId: 'demo-chair', updatedAt: reply.body.updatedAt });
    // board1's term ended yesterday, the manager's advisory seat starts tomorrow, board3 deputises for board2.
    expect(read.body.seats).toEqual([
      { memberId: 'demo-chair', name: 'Clara Vorsitz', deputies: [] },
      { memberId: 'demo-board2', name: 'Berit Beirat', deputies: [{ id: 'demo-board3', name: 'Boris Beirat' }] },
    ]);
  });

  it('when an administrator saves, then it is accepted; board chair, members, staff and managers get 403 and nothing changes', async () => {
    expect((await u.admin.put(path, composition({ name: 'Beirat (Admin)' }))).status).toBe(200);
    for (const client of [u.chair, u.board[2]!, u.staff, u.manager]) {
      const reply = await client.put(path, composition({ name: 'Gekapert' }));
      expect(reply.status).toBe(403);
      expect(reply.body.code).toBe('forbidden');
    }
    expect((await u.otherLead.put(path, composition({ name: 'Gekapert' }))).status).toBe(403);
    expect((await u.lead.get(path)).body.name).toBe('Beirat (Admin)');
  });

  it('when the composition breaks a rule or names someone outside the region, then 422 problem+json naming each field, nothing saved', async () => {
    const before = (await u.lead.get(path)).body;
    const members = composition().members;
    const broken = await u.lead.put(
      path,
      composition({
        code: 'lk',
        members: [
          members[0],
          { ...members[1], chair: true },
          { ...members[2], termUntil: '2024-12-31' },
          { ...members[3], deputyOf: 'demo-manager' },
          { ...members[4], userId: 'demo-chair' },
        ],
        extra: true,
      }),
    );
    expect(broken.status).toBe(422);
    expect(broken.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(broken.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort()).toEqual([
      'code:invalid_format',
      'extra:unknown_field',
      'members.1.chair:second_chair',
      'members.2.termUntil:before_term_from',
      'members.3.deputyOf:not_a_voting_member',
      'members.4.userId:duplicate',
    ]);
    const tooMany = await u.lead.put(path, composition({ quorum: { kind: 'fixed', count: 4 } }));
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors).toEqual([{ field: 'quorum.count', code: 'too_big', message: 'must not exceed the number of voting members (3)' }]);
    const outsiders = await u.lead.put(
      path,
      composition({ members: [members[0], { ...members[2], userId: 'other-chair' }, { ...members[2], userId: 'demo-provider' }] }),
    );
    expect(outsiders.status).toBe(422);
    expect(outsiders.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual([
      'members.1.userId:not_region_user',
      'members.2.userId:not_region_user',
    ]);
    expect((await u.lead.get(path)).body).toEqual(before);
  });
});
