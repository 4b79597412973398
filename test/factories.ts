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
    indicators: ['Ausbildungsabbrüche', 'Abgänge ohne Abschluss'],
    ...overrides,
  };
}

/** The demo region's people, logged in once per test file. */
export async function demoUsers(baseUrl: string) {
  const [chair, board1, board2, board3, board4, lead, staff, manager, admin, otherChair, otherLead] = await Promise.all(
    [...BOARD, 'lead@demo.test', 'staff@demo.test', 'manager@demo.test', 'admin@demo.test', 'chair@other.test', 'lead@other.test'].map((email) =>
      login(baseUrl, email),
    ),
  );
  return {
    chair: chair!,
    board: [chair!, board1!, board2!, board3!, board4!],
    lead: lead!,
    staff: staff!,
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

export async function voteAll(u: DemoUsers, id: string, ballot: unknown) {
  let last;
  for (const member of u.board) last = await mustAct(member, id, 'vote', ballot);
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
  return mustAct(u.lead, m.id, 'submit-dossier');
}
