import { hashPassword } from '../../store/passwords';
import { createMandate, demoUsers, finishMandateTasks, mandatePath, mustAct, voteAll, type DemoUsers } from '../factories';
import { login, type ApiClient } from '../support/http';
import { indicatorPath, upload } from '../support/monitoring';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * The "done when", end to end: an office requests data from three
 * sources, imports a statistics-office file, sees the indicator over ten
 * years against its target, and hands the board a dossier whose numbers are
 * the ones the decision keeps.
 */
let stack: TestStack;
let u: DemoUsers;
const providers: Record<string, ApiClient> = {};

beforeAll(async () => {
  stack = await startTestStack();
  u = await demoUsers(stack.baseUrl);
  // Two more sources besides the seeded youth office: the school authority and the chamber.
  const passwordHash = await hashPassword('demo');
  await stack.store.models.User.insertMany([
    {
      _id: 'demo-schools',
      email: 'schulamt@demo.test',
      name: 'Schulamt Musterkreis',
      passwordHash,
      memberships: [{ regionId: 'demo', roles: ['data_provider'] }],
    },
    { _id: 'demo-chamber', email: 'kammer@demo.test', name: 'Handwerkskammer', passwordHash, memberships: [{ regionId: 'demo', roles: ['data_provider'] }] },
  ]);
  for (const [id, email] of [
    ['demo-provider', 'provider@demo.test'],
    ['demo-schools', 'schulamt@demo.test'],
    ['demo-chamber', 'kammer@demo.test'],
  ] as const) {
    providers[id] = await login(stack.baseUrl, email);
  }
});
afterAll(() => stack?.stop());

/** A statistics-office export in ISO-8859-1: title, header, ten years with German decimals, a footer. */
function landesamtFile(): Buffer {
  const years = Array.from({ length: 10 }, (_, i) => 2015 + i);
  const rows = years.map((year, i) => `${year};${(28.1 + i * 0.9).toFixed(1).replace('.', ',')}`);
  const text = [
    'Statistisches Landesamt Musterland',
    'Kinder in Tageseinrichtungen',
    '',
    'Jahr;Betreuungsquote unter 3 Jahren in %',
    ...rows,
    '',
    '© Statistisches Landesamt, 2025',
  ].join('\r\n');
  return Buffer.from(text, 'latin1');
}

it('runs from three data requests and an import to a dossier whose numbers the decision keeps', async () => {
  const m = await createMandate(u, { indicators: ['u3-childcare-rate', 'leavers-without-certificate', 'apprenticeship-entry-rate'] });
  await mustAct(u.lead, m.id, 'submit');
  const prepared = await voteAll(u, m.id, { choice: 'yes' });

  // Preparation brought one data request per indicator; the lead addresses each to its source, who answers; the office approves.
  const asked = [
    ['demo-provider', 'u3-childcare-rate', { period: '2025', value: 37.9, caseCount: 1350 }],
    ['demo-schools', 'leavers-without-certificate', { period: '2025', value: 6.1, caseCount: 96 }],
    ['demo-chamber', 'apprenticeship-entry-rate', { period: '2025', value: 54.2 }],
  ] as const;
  const requests = prepared.tasks.filter((t: { type: string }) => t.type === 'data-request');
  expect(requests).toHaveLength(3);
  for (const [providerId, indicatorKey, point] of asked) {
    const request = requests.find((t: { id: string }) => t.id.endsWith(`-${asked.findIndex(([, key]) => key === indicatorKey) + 1}`));
    expect((await u.lead.post(`/api/regions/demo/tasks/${request.id}/actions/assign`, { assigneeId: providerId })).status).toBe(200);
    const provider = providers[providerId]!;
    const mine = (await provider.get('/api/regions/demo/data-requests')).body.items;
    expect(mine.map((r: { id: string; indicator: { key: string } }) => [r.id, r.indicator.key])).toEqual([[request.id, indicatorKey]]);
    expect((await provider.post(`/api/regions/demo/data-requests/${request.id}/answer`, { points: [point] })).body.status).toBe('in_review');
    expect((await u.staff.post(`/api/regions/demo/tasks/${request.id}/actions/approve`, {})).status).toBe(200);
  }

  // Ten years from the statistics office, against the target.
  const preview = (await upload(u.staff, 'kita-2015-2024.csv', landesamtFile())).body;
  expect(preview.encoding).toBe('iso-8859-1');
  const mapped = (await u.staff.put(`/api/regions/demo/imports/${preview.id}/mapping`, { mapping: { ...preview.mapping, indicatorKey: 'u3-childcare-rate' } }))
    .body;
  expect(mapped).toMatchObject({ canCommit: true, valueCount: 10 });
  expect(
    (await u.staff.post(`/api/regions/demo/imports/${preview.id}/commit`, { source: 'Statistisches Landesamt', referenceDate: '2024-03-01' })).status,
  ).toBe(200);
  await u.lead.put(`${indicatorPath('u3-childcare-rate')}/target`, { value: 40, period: '2027' });
  const { chart, svg } = (await u.board[1]!.get(`${indicatorPath('u3-childcare-rate')}/chart`)).body;
  expect(chart.series[0].points.map((p: { period: string }) => p.period)).toEqual([...Array.from({ length: 10 }, (_, i) => String(2015 + i)), '2025']);
  expect(chart.series[0].points[0].value).toBe(28.1);
  expect(chart.target).toEqual({ value: 40, label: 'Ziel 2027' });
  expect(svg).toMatch(/<title[^>]*>Betreuungsquote/);

  // The board gets the dossier; the decision keeps its hash and the dossier keeps its numbers.
  await mustAct(u.staff, m.id, 'add-option', { title: 'Kita-Ausbau', description: '200 neue Plätze' });
  await finishMandateTasks(u, m.id);
  const inDecision = await mustAct(u.lead, m.id, 'submit-dossier');
  const dossier = (await u.board[2]!.get(`${mandatePath(m.id)}/dossier`)).body;
  expect(dossier).toMatchObject({ frozen: true, hash: inDecision.dossier.hash });
  const numbers = (key: string) =>
    dossier.content.indicators
      .find((i: { definition: { key: string } }) => i.definition.key === key)
      .values.filter((v: { breakdownKey: string }) => v.breakdownKey === 'total')
      .map((v: { period: string; value: number }) => `${v.period}:${v.value}`);
  expect(numbers('u3-childcare-rate')).toHaveLength(11);
  expect(numbers('u3-childcare-rate')).toContain('2025:37.9');
  expect(numbers('leavers-without-certificate')).toEqual(['2025:6.1']);
  expect(numbers('apprenticeship-entry-rate')).toEqual(['2025:54.2']);

  // New data after the submission does not change what the board decides on.
  await u.staff.post(`${indicatorPath('u3-childcare-rate')}/values`, { period: '2025', value: 38.4, source: 'Jugendamt', note: 'Nachmeldung' });
  const decided = await voteAll(u, m.id, { choice: 'option', optionId: inDecision.options[0].id });
  expect(decided.decision.dossierHash).toBe(inDecision.dossier.hash);
  const after = (await u.manager.get(`${mandatePath(m.id)}/dossier`)).body;
  expect(after.hash).toBe(inDecision.dossier.hash);
  expect(after.content).toEqual(dossier.content);
});
