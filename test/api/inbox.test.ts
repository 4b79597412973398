import { DEFAULT_TASK_SETTINGS, createTask, toTaskSnapshot, type TaskState } from '../../domain/tasks/task';
import { TASK_TYPES, type TaskStatus } from '../../domain/tasks/types';
import { addDays, berlinDate, endOfBerlinDay } from '../../domain/time';
import { saveTaskProjection } from '../../store/tasks';
import { demoUsers, type DemoUsers } from '../factories';
import type { ApiClient } from '../support/http';
import { startTestStack, type TestStack } from '../support/stack';
import { newTaskInput } from '../support/tasks';

/**
 * The inbox over a few hundred tasks (open and archived): every view's items and counts for
 * several people are compared with an oracle written out here. The tasks'
 * read models are written directly: this tests the inbox, not the workflows.
 */
let stack: TestStack;
let u: DemoUsers;
const tasks: TaskState[] = [];
const TOTAL = 300;

const people = [
  { id: 'demo-staff', name: 'Sven Sachbearbeitung' },
  { id: 'demo-staff2', name: 'Svenja Sachbearbeitung' },
  { id: 'demo-lead', name: 'Lena Leitung' },
];

/** A small deterministic random source, so a failure can be reproduced. */
function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % n;
  };
}

beforeAll(async () => {
  stack = await startTestStack();
  u = await demoUsers(stack.baseUrl);
  const pick = random(20261125);
  const now = Date.now();
  const today = berlinDate(now);
  for (let i = 0; i < TOTAL; i++) {
    const status = (['open', 'claimed', 'claimed', 'in_review', 'done', 'cancelled'] as TaskStatus[])[pick(6)]!;
    const assignee = status === 'open' ? null : people[pick(3)]!;
    const created = createTask(
      newTaskInput({
        id: `inbox-${String(i).padStart(3, '0')}`,
        regionId: i % 10 === 9 ? 'other' : 'demo',
        mandateId: `m${pick(4)}`,
        mandateTitle: `Mandat ${i % 4}`,
        type: TASK_TYPES[pick(TASK_TYPES.length)]!,
        title: i % 7 === 0 ? `Schulen anschreiben ${i}` : `Aufgabe ${i}`,
        dueDate: addDays(today, pick(40) - 15),
        candidateRole: assignee ? null : pick(4) === 0 ? 'office_lead' : 'office_staff',
        assignee,
      }),
      new Date(now - (TOTAL - i) * 60_000).toISOString(),
    );
    const completedBy = status === 'in_review' || status === 'done' ? assignee : null;
    const task: TaskState = { ...created, status, completedBy };
    tasks.push(task);
    await saveTaskProjection(stack.store.models, toTaskSnapshot(task), task.events, null);
  }
  // Svenja stands in for Sven today.
  await u.staff.post('/api/regions/demo/absences', { substituteId: 'demo-staff2', from: today, until: addDays(today, 3) });
}, 120_000);
afterAll(() => stack?.stop());

type View = 'mine' | 'role' | 'overdue' | 'due-soon' | 'review' | 'done' | 'all';
const VIEWS: View[] = ['mine', 'role', 'overdue', 'due-soon', 'review', 'done', 'all'];

/** What each person should see, written plainly. */
function expected(viewer: string, view: View): TaskState[] {
  const now = new Date().toISOString();
  const soon = endOfBerlinDay(addDays(berlinDate(now), DEFAULT_TASK_SETTINGS.dueSoonDays));
  const holders = viewer === 'demo-staff2' ? ['demo-staff2', 'demo-staff'] : [viewer];
  const lead = viewer === 'demo-lead';
  const candidate = (t: TaskState) => t.status === 'open' && (t.candidateRole === 'office_staff' || (lead && t.candidateRole === 'office_lead'));
  const mine = (t: TaskState) => (t.status === 'claimed' || t.status === 'in_review') && holders.includes(t.assignee?.id ?? '');
  const inScope = (t: TaskState) => lead || mine(t) || candidate(t);
  const working = (t: TaskState) => t.status === 'open' || t.status === 'claimed';
  const due = (t: TaskState) => endOfBerlinDay(t.dueDate);
  const selected = tasks
    .filter((t) => t.regionId === 'demo')
    .filter((t) => {
      switch (view) {
        case 'mine':
          return mine(t);
        case 'role':
          return candidate(t);
        case 'overdue':
          return inScope(t) && working(t) && due(t) < now;
        case 'due-soon':
          return inScope(t) && working(t) && due(t) >= now && due(t) <= soon;
        case 'review':
          return t.status === 'in_review' && t.completedBy?.id !== viewer;
        case 'done':
          return (t.status === 'done' || t.status === 'cancelled') && (lead || holders.some((h) => t.assignee?.id === h || t.completedBy?.id === h));
        case 'all':
          return inScope(t) && t.status !== 'done' && t.status !== 'cancelled';
      }
    });
  return selected.sort((a, b) => due(a).localeCompare(due(b)) || a.id.localeCompare(b.id));
}

async function fetchAll(client: ApiClient, query: string): Promise<{ ids: string[]; counts: Record<View, number>; total: number }> {
  const ids: string[] = [];
  let body;
  for (let page = 1; ; page++) {
    body = (await client.get(`/api/regions/demo/inbox?${query}&page=${page}&pageSize=40`)).body;
    ids.push(...body.items.map((t: { id: string }) => t.id));
    if (body.items.length < 40) break;
  }
  return { ids, counts: body.counts, total: body.total };
}

describe('inbox views over a few hundred tasks', () => {
  it.each([
    ['staff', 'demo-staff'],
    ['staff2', 'demo-staff2'],
    ['lead', 'demo-lead'],
  ] as const)('shows %s every view with the right tasks, order, pages and counts', async (who, id) => {
    const client = u[who];
    for (const view of VIEWS) {
      const want = expected(id, view).map((t) => t.id);
      const got = await fetchAll(client, `view=${view}`);
      expect([view, got.ids]).toEqual([view, want]);
      expect(got.total).toBe(want.length);
      expect(got.counts[view]).toBe(want.length);
    }
    // The tabs' counts of one request agree with each view on its own.
    const first = (await client.get('/api/regions/demo/inbox?view=mine')).body;
    // Finished work is counted only when its view is asked for: it lives in the archive.
    expect(first.counts).toEqual(Object.fromEntries(VIEWS.map((view) => [view, view === 'done' ? null : expected(id, view).length])));
  });

  it('filters by mandate, type and text, and sorts by creation', async () => {
    const want = expected('demo-lead', 'all').filter((t) => t.mandateId === 'm1' && t.type === 'data-request');
    const got = await fetchAll(u.lead, 'view=all&mandateId=m1&type=data-request');
    expect(got.ids).toEqual(want.map((t) => t.id));
    const text = await fetchAll(u.lead, 'view=all&q=SCHULEN%20anschreiben&sort=-created');
    const byText = expected('demo-lead', 'all')
      .filter((t) => t.title.startsWith('Schulen anschreiben'))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    expect(text.ids).toEqual(byText.map((t) => t.id));
    expect(byText.length).toBeGreaterThan(3);
  });

  it('shows a manager the region’s work but offers no actions', async () => {
    const body = (await u.manager.get('/api/regions/demo/inbox?view=overdue&pageSize=100')).body;
    expect(body.total).toBe(expected('demo-lead', 'overdue').length);
    expect(body.items.every((t: { overdue: boolean; allowedActions: string[] }) => t.overdue && t.allowedActions.length === 0)).toBe(true);
  });

  it('refuses bad queries naming the parameter', async () => {
    const reply = await u.staff.get('/api/regions/demo/inbox?view=everything&sort=random&pageSize=1000');
    expect(reply.status).toBe(422);
    expect(reply.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['pageSize', 'sort', 'view']);
  });
});
