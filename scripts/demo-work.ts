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
  for (const member of board) await member('POST', `${mandates}/${mandate.id}/actions/vote`, { choice: 'yes' });
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
  await lead!('POST', mandates, {
    title: 'Fachkräfte für die Kindertagesbetreuung sichern',
    actionField: 'Fachkräfte sichern',
    question: 'Wie gewinnen und halten wir Erzieherinnen und Erzieher im Kreis?',
    goals: ['Offene Stellen in Kitas bis 2027 halbieren'],
    dueDate: addDays(berlinDate(Date.now()), 365),
    indicators: ['u3-childcare-rate'],
  });
}
