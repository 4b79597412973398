// Demo work for a first `npm start`: a mandate in preparation with the
// office's tasks, so the inbox has something to do. Everything goes through
// the public HTTP API, as a user would do it.
import { addDays, berlinDate } from '../domain/time';

async function session(baseUrl: string, email: string, password: string) {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!login.ok) throw new Error(`demo login of ${email} failed: ${login.status}`);
  const { token } = (await login.json()) as { token: string };
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const reply = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!reply.ok) throw new Error(`demo ${method} ${path} failed: ${reply.status} ${await reply.text()}`);
    return (await reply.json()) as T;
  };
}

/** Creates the demo work in region `demo`; meant to run once, right after the demo users are seeded. */
export async function seedDemoWork(baseUrl: string, password: string): Promise<void> {
  const [lead, staff, ...board] = await Promise.all(
    ['lead@demo.test', 'staff@demo.test', 'chair@demo.test', 'board1@demo.test', 'board2@demo.test', 'board3@demo.test', 'board4@demo.test'].map((email) =>
      session(baseUrl, email, password),
    ),
  );
  const mandates = '/api/regions/demo/mandates';
  const mandate = await lead!<{ id: string }>('POST', mandates, {
    title: 'Übergänge Schule–Beruf gestalten',
    actionField: 'Übergänge gestalten',
    question: 'Wie senken wir die Zahl der Ausbildungsabbrüche im Kreis?',
    goals: ['Abbruchquote bis 2028 halbieren', 'Berufsorientierung ab Klasse 7 an allen Schulen'],
    dueDate: addDays(berlinDate(Date.now()), 180),
    indicators: ['training-contract-termination-rate', 'leavers-without-certificate'],
  });
  await lead!('POST', `${mandates}/${mandate.id}/actions/submit`, {});
  // Three yes of five decide it: the board vote closes as soon as the rest cannot change the result.
  for (const member of board.slice(0, 3)) await member('POST', `${mandates}/${mandate.id}/actions/vote`, { choice: 'yes' });
  const prepared = await lead!<{ tasks: { id: string; type: string }[] }>('GET', `${mandates}/${mandate.id}`);
  const consult = prepared.tasks.find((task) => task.type === 'consult');
  if (consult) await staff!('POST', `/api/regions/demo/tasks/${consult.id}/actions/claim`, {});
  await lead!('POST', '/api/regions/demo/tasks', {
    title: 'Bildungskonferenz vorbereiten',
    description: 'Raum, Einladungen und Tagesordnung für die Bildungskonferenz im Frühjahr.',
    assigneeId: 'demo-staff2',
    priority: 'high',
    dueDate: addDays(berlinDate(Date.now()), 10),
  });
  // A data request to the youth office (the demo data provider), who answers it at #/regions/demo/data-requests.
  await lead!('POST', '/api/regions/demo/data-requests', {
    indicatorKey: 'u3-childcare-rate',
    providerId: 'demo-provider',
    dueDate: addDays(berlinDate(Date.now()), 21),
    periods: ['2025'],
    note: 'Bitte die Betreuungsquote der unter Dreijährigen zum Stichtag 1. März 2025 melden.',
  });
  const second = await lead!<{ id: string }>('POST', mandates, {
    title: 'Fachkräfte für die Kindertagesbetreuung sichern',
    actionField: 'Fachkräfte sichern',
    question: 'Wie gewinnen und halten wir Erzieherinnen und Erzieher im Kreis?',
    goals: ['Offene Stellen in Kitas bis 2027 halbieren'],
    dueDate: addDays(berlinDate(Date.now()), 365),
    indicators: ['u3-childcare-rate'],
  });
  await seedBoardWork(lead!, board, second.id);
}

type Call = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/**
 * The board's side: the next meeting in ten days with the second mandate on
 * its agenda (invitations sent), and a written procedure a board member has
 * voted in, so the others find it under "Warten auf Ihre Stimme".
 */
async function seedBoardWork(lead: Call, board: Call[], mandateId: string): Promise<void> {
  const region = '/api/regions/demo';
  const start = new Date(`${addDays(berlinDate(Date.now()), 10)}T17:00:00+01:00`);
  const meeting = await lead<{ id: string }>('POST', `${region}/meetings`, {
    title: 'Sitzung des Bildungsbeirats',
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 2 * 60 * 60 * 1000).toISOString(),
    place: 'Kreishaus, Sitzungssaal 2',
  });
  await lead('POST', `${region}/meetings/${meeting.id}/agenda`, {
    kind: 'mandate',
    title: 'Mandat: Fachkräfte für die Kindertagesbetreuung',
    mandateId,
    public: true,
  });
  await lead('POST', `${region}/meetings/${meeting.id}/agenda`, { kind: 'other', title: 'Bericht aus dem Bildungsbüro', public: true });
  await lead('POST', `${region}/meetings/${meeting.id}/invitations`, {});
  const chair = board[0] as Call;
  const vote = await chair<{ id: string }>('POST', `${region}/votes`, {
    subject: {
      title: 'Lernpatenschaften 2027',
      motion: 'Der Bildungsbeirat empfiehlt dem Kreistag, 40.000 € für Lernpatenschaften an Grundschulen bereitzustellen.',
      rationale: 'Die Zahl der Kinder mit Förderbedarf im Lesen ist seit 2022 gestiegen.',
    },
    ballot: { kind: 'yes_no' },
    mode: 'written',
    deadline: new Date(Date.now() + 7 * 24 * 60 * 60 * 1000).toISOString(),
  });
  await (board[1] as Call)('POST', `${region}/votes/${vote.id}/ballot`, { choice: 'yes' });
}
