import { startTestStack, type TestStack } from '../support/stack';
import { createMandate, demoUsers, mustAct, type DemoUsers } from '../factories';

let stack: TestStack;
let u: DemoUsers;
const ids: string[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  u = await demoUsers(stack.baseUrl);
  for (let i = 1; i <= 5; i++) ids.push((await createMandate(u, { title: `Mandat Nr. ${i} ${i % 2 ? 'Übergänge' : 'Fachkräfte'}` })).id);
  await mustAct(u.lead, ids[0]!, 'submit');
});
afterAll(() => stack?.stop());

describe('GET /api/regions/:regionId/mandates', () => {
  it('lists newest change first with total and paging', async () => {
    const page1 = (await u.manager.get('/api/regions/demo/mandates?pageSize=2')).body;
    expect(page1).toMatchObject({ total: 5, page: 1, pageSize: 2 });
    expect(page1.items.map((m: { id: string }) => m.id)).toEqual([ids[0], ids[4]]);
    const page3 = (await u.manager.get('/api/regions/demo/mandates?pageSize=2&page=3')).body;
    expect(page3.items.map((m: { id: string }) => m.id)).toEqual([ids[1]]);
    expect(page1.items[0]).toEqual({
      id: ids[0],
      title: 'Mandat Nr. 1 Übergänge',
      actionField: 'Übergänge gestalten',
      phase: 'approval',
      outcome: null,
      dueDate: '2027-12-31',
      updatedAt: expect.any(String),
      vote: { kind: 'approval', status: 'open', deadline: expect.any(String) },
    });
  });

  it('filters by phase and by text in the title, case-insensitive', async () => {
    expect((await u.manager.get('/api/regions/demo/mandates?phase=approval')).body.items.map((m: { id: string }) => m.id)).toEqual([ids[0]]);
    const found = (await u.manager.get(`/api/regions/demo/mandates?q=${encodeURIComponent('übergänge')}`)).body;
    expect(found.total).toBe(3);
    expect((await u.manager.get('/api/regions/demo/mandates?q=.*')).body.total).toBe(0);
  });

  it('when the query is invalid, then 422 names the parameter', async () => {
    const reply = await u.manager.get('/api/regions/demo/mandates?phase=limbo&page=0');
    expect(reply.status).toBe(422);
    expect(reply.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['page', 'phase']);
  });
});
