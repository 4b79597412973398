import { ApiClient, login } from './support/http';

export const BOARD = ['chair@demo.test', 'board1@demo.test', 'board2@demo.test', 'board3@demo.test', 'board4@demo.test'];

export const mandatePath = (id: string, region = 'demo') => `/api/regions/${region}/mandates/${id}`;

export function mandateInput(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Übergänge Schule–Beruf gestalten',
    actionField: 'Übergänge gestalten',
    question: 'Wie senken wir die Zahl der Ausbildungsabbrüche?',
    goals: ['Abbruchquote halbieren', 'Berufsorientierung ab Klasse 7'],
    dueDate: '2027-12-31',
    indicators: ['training-contract-termination-rate', 'leavers-without-certificate'],
    ...overrides,
  };
}

/** The demo region's people, logged in once per test file. */
export async function demoUsers(baseUrl: string) {
  const [chair, board1, board2, board3, board4, lead, staff, staff2, manager, admin, otherChair, otherLead] = await Promise.all(
    [...BOARD, 'lead@demo.test', 'staff@demo.test', 'staff2@demo.test', 'manager@demo.test', 'admin@demo.test', 'chair@other.test', 'lead@other.test'].map(
      (email) => login(baseUrl, email),
    ),
  );
  return {
    chair: chair!,
    board: [chair!, board1!, board2!, board3!, board4!],
    lead: lead!,
    staff: staff!,
    staff2: staff2!,
    manager: manager!,
    admin: admin!,
    otherChair: otherChair!,
    otherLead: otherLead!,
  };
}
export type DemoUsers = Awaited<ReturnType<typeof demoUsers>>;

export async function act(client: ApiClient, id: string, action: string, payload: unknown = {}, headers: Record<string, string> = {}) {
  return client.post(`${mandatePath(id)}/actions/${action}`, payload, headers);
}

/** Like act, but fails the test with the problem body when the API refuses. */
export async function mustAct(client: ApiClient, id: string, action: string, payload: unknown = {}) {
  const reply = await act(client, id, action, payload);
  if (reply.status !== 200) throw new Error(`${action} → ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

export async function createMandate(u: DemoUsers, overrides: Record<string, unknown> = {}) {
  const reply = await u.lead.post('/api/regions/demo/mandates', mandateInput(overrides));
  if (reply.status !== 201) throw new Error(`create → ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/** The board votes the same way, member after member, until the vote closes (early, once the rest cannot change the result). */
export async function voteAll(u: DemoUsers, id: string, ballot: unknown) {
  let last;
  for (const member of u.board) {
    last = await mustAct(member, id, 'vote', ballot);
    if (last.vote?.status !== 'open') break;
  }
  return last;
}

/** A mandate approved by the board, now in preparation. */
export async function preparedMandate(u: DemoUsers) {
  const m = await createMandate(u);
  await mustAct(u.lead, m.id, 'submit');
  return voteAll(u, m.id, { choice: 'yes' });
}

/** A mandate with two options and a data point whose dossier is before the board. */
export async function mandateInDecision(u: DemoUsers) {
  const m = await preparedMandate(u);
  await mustAct(u.staff, m.id, 'add-option', {
    title: 'Ausbildungslotsen',
    description: 'Lotsen an allen Berufsschulen',
    cost: 180000,
    resources: '3 Stellen',
    expectedEffect: 'Abbrüche −30 %',
  });
  await mustAct(u.staff, m.id, 'add-option', { title: 'Praktikumsbörse', description: 'Regionale Börse für Praktika' });
  await mustAct(u.staff, m.id, 'record-data', { indicator: 'Ausbildungsabbrüche', period: '2025', value: 27.4, unit: '%', source: 'IHK' });
  await finishMandateTasks(u, m.id);
  return mustAct(u.lead, m.id, 'submit-dossier');
}

export const taskPath = (id: string, region = 'demo') => `/api/regions/${region}/tasks/${id}`;

/** An output each task type accepts, for tests that need work done rather than a particular result. */
export function sampleOutput(task: { type: string; params: { indicator?: string } }): Record<string, unknown> {
  switch (task.type) {
    case 'consult':
      return { notes: 'Schulen und Kammern angehört', actors: ['Berufsschulen', 'IHK'] };
    case 'options':
      return { title: 'Mentoring', description: 'Mentoren aus Betrieben begleiten Auszubildende', cost: 40000 };
    case 'data-request':
      return { points: [{ indicator: task.params.indicator ?? 'Indikator', period: '2025', value: 12.5, unit: '%', source: 'Statistikamt' }] };
    case 'progress-report':
      return { text: 'Zwei von vier Schulen haben begonnen', percent: 50 };
    case 'general':
      return {};
    default:
      return { summary: 'erledigt' };
  }
}

/** Like act, for tasks: fails the test with the problem body when the API refuses. */
export async function mustTaskAct(client: ApiClient, id: string, action: string, payload: unknown = {}) {
  const reply = await client.post(`${taskPath(id)}/actions/${action}`, payload);
  if (reply.status !== 200) throw new Error(`task ${action} → ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

/**
 * Does all open work of a mandate the way the office would: the right person
 * claims and completes each task, and a second person approves what needs four eyes.
 */
export async function finishMandateTasks(u: DemoUsers, mandateId: string, { skip = [] as string[] } = {}) {
  const open = await u.lead.get(`/api/regions/demo/inbox?view=all&mandateId=${mandateId}&pageSize=100`);
  if (open.status !== 200) throw new Error(`inbox → ${open.status}: ${JSON.stringify(open.body)}`);
  for (const task of open.body.items.filter((t: { id: string }) => !skip.includes(t.id))) {
    const [worker, workerId, reviewer] = task.candidateRole === 'office_lead' ? [u.lead, 'demo-lead', u.staff] : [u.staff, 'demo-staff', u.lead];
    let current = task;
    if (task.status === 'open') await mustTaskAct(worker, task.id, 'claim');
    if (task.status === 'claimed' && task.assignee?.id !== workerId) await mustTaskAct(u.lead, task.id, 'assign', { assigneeId: workerId });
    if (task.status !== 'in_review') current = await mustTaskAct(worker, task.id, 'complete', { output: sampleOutput(task) });
    if (current.status === 'in_review') await mustTaskAct(current.completedBy?.id === 'demo-lead' ? u.staff : reviewer, task.id, 'approve');
  }
}
