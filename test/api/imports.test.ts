import { randomBytes } from 'node:crypto';
import { addDays, berlinDate } from '../../domain/time';
import { demoUsers, type DemoUsers } from '../factories';
import { login, type ApiClient } from '../support/http';
import { indicatorPath, mustCreateIndicator, upload } from '../support/monitoring';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let u: DemoUsers;
let provider: ApiClient;
const uniqueKey = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

beforeAll(async () => {
  stack = await startTestStack();
  u = await demoUsers(stack.baseUrl);
  provider = await login(stack.baseUrl, 'provider@demo.test');
});
afterAll(() => stack?.stop());

/** A statistics-office export as such files come: title lines, a header, German numbers, placeholders, footer lines; ISO-8859-1. */
function statisticsExport(name: string, rows: string[]): Buffer {
  const text = [
    'Statistisches Landesamt Musterland',
    `Tabelle 225-01: ${name}`,
    'Landkreis Musterkreis',
    '',
    'Jahr;Insgesamt;männlich;weiblich',
    ...rows,
    '',
    '© Statistisches Landesamt Musterland, 2025',
    'Zeichenerklärung: - = nichts vorhanden, . = Zahlenwert unbekannt, x = Tabellenfach gesperrt',
  ].join('\r\n');
  return Buffer.from(text, 'latin1');
}

const values = async (key: string) => (await u.staff.get(indicatorPath(key))).body.values;

describe('importing a statistics file', () => {
  it('previews a statistics-office export in ISO-8859-1, then commits every value with its provenance', async () => {
    const key = uniqueKey('imp');
    const indicator = await mustCreateIndicator(u.lead, key, { breakdowns: ['sex'] });
    const file = statisticsExport(indicator.name.de, ['2022;31,4;30,9;31,9', '2023;32,0;.;32,5', '2024;33,1;x;-']);
    const preview = await upload(u.staff, 'statistik.csv', file);
    expect(preview.status).toBe(201);
    expect(preview.body).toMatchObject({ status: 'preview', format: 'csv', encoding: 'iso-8859-1', delimiter: ';' });
    expect(preview.body.rows[4]).toEqual(['Jahr', 'Insgesamt', 'männlich', 'weiblich']);
    // Nothing counts before the commit.
    expect(await values(key)).toEqual([]);

    // The file names no indicator of the catalogue by its key: the office picks it in the mapping.
    const mapping = { ...preview.body.mapping, indicatorKey: key };
    const remapped = await u.staff.put(`/api/regions/demo/imports/${preview.body.id}/mapping`, { mapping });
    expect(remapped.status).toBe(200);
    expect(remapped.body).toMatchObject({ issues: [], canCommit: true, valueCount: 9 });

    const committed = await u.staff.post(`/api/regions/demo/imports/${preview.body.id}/commit`, {
      source: 'Statistisches Landesamt',
      referenceDate: '2024-12-31',
    });
    expect(committed.status).toBe(200);
    expect(committed.body).toMatchObject({ status: 'committed', written: 9 });
    const stored = await values(key);
    expect(
      stored.map((v: { period: string; breakdownKey: string; value: unknown; status: string }) => `${v.period} ${v.breakdownKey} ${v.value} ${v.status}`),
    ).toEqual([
      '2022 sex=female 31.9 value',
      '2022 sex=male 30.9 value',
      '2022 total 31.4 value',
      '2023 sex=female 32.5 value',
      '2023 sex=male null unknown',
      '2023 total 32 value',
      '2024 sex=female null none',
      '2024 sex=male null secret',
      '2024 total 33.1 value',
    ]);
    const [entry] = (await u.staff.get(`${indicatorPath(key)}/history?period=2022`)).body.items;
    expect(entry).toMatchObject({
      origin: 'import',
      fileName: 'statistik.csv',
      source: 'Statistisches Landesamt',
      referenceDate: '2024-12-31',
      enteredBy: { id: 'demo-staff' },
    });

    // A retried commit changes nothing (no second version of anything); a committed import is not discarded.
    const retried = await u.staff.post(`/api/regions/demo/imports/${preview.body.id}/commit`, { source: 'Statistisches Landesamt' });
    expect(retried.body).toMatchObject({ status: 'committed', written: 9 });
    expect((await values(key)).every((v: { version: number }) => v.version === 1)).toBe(true);
    expect((await u.staff.delete(`/api/regions/demo/imports/${preview.body.id}`)).status).toBe(409);
  });

  it('lists every row and column error in the preview and stores nothing when asked to commit anyway', async () => {
    const key = uniqueKey('err');
    await mustCreateIndicator(u.lead, key, { breakdowns: ['sex'] });
    const file = ['Jahr;Insgesamt;männlich;weiblich', '2022;31,4;30,9;31,9', '2023;viel;30,1;31,0', 'zwanzig;32,0;31,0;33,0', '2024;140,0;31,0;33,0'].join(
      '\n',
    );
    const preview = await upload(u.staff, 'fehler.csv', file);
    expect(preview.status).toBe(201);
    const mapping = { ...preview.body.mapping, indicatorKey: key };
    const remapped = (await u.staff.put(`/api/regions/demo/imports/${preview.body.id}/mapping`, { mapping })).body;
    expect(remapped.canCommit).toBe(false);
    expect(remapped.issues.map((i: { row: number; column: number | null; code: string }) => `${i.row}:${i.column}:${i.code}`)).toEqual(
      expect.arrayContaining(['3:2:not_a_number', '4:1:bad_period', '5:2:percent_out_of_range']),
    );
    const refused = await u.staff.post(`/api/regions/demo/imports/${preview.body.id}/commit`, { source: 'Statistikamt' });
    expect(refused.status).toBe(422);
    expect(refused.body.issues.length).toBe(remapped.issues.length);
    expect(await values(key)).toEqual([]);
  });

  it('refuses what is not a table, and files too large, with clear errors', async () => {
    const empty = await upload(u.staff, 'leer.csv', '');
    expect(empty.status).toBe(422);
    expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'body', code: 'empty' })]);
    const binary = await upload(u.staff, 'bild.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]));
    expect(binary.status).toBe(201);
    expect(binary.body.canCommit).toBe(false);
    expect(binary.body.issues.map((i: { code: string }) => i.code)).toContain('unreadable_file');
    const broken = await upload(u.staff, 'kaputt.xlsx', Buffer.from('PK\u0003\u0004 not really a zip file', 'latin1'), {
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    expect(broken.status).toBe(201);
    expect(broken.body.canCommit).toBe(false);
    expect(broken.body.issues.length).toBeGreaterThan(0);
  });

  it('is for the office: board members and other regions are refused', async () => {
    expect((await upload(u.board[1]!, 'x.csv', 'Jahr;Wert\n2024;1')).status).toBe(403);
    expect((await upload(u.otherLead, 'x.csv', 'Jahr;Wert\n2024;1')).status).toBe(403);
    const preview = await upload(u.staff, 'x.csv', 'Jahr;Wert\n2024;1');
    expect((await u.otherLead.get(`/api/regions/other/imports/${preview.body.id}`)).status).toBe(404);
    expect((await u.board[1]!.get(`/api/regions/demo/imports/${preview.body.id}`)).status).toBe(403);
    expect((await u.staff.delete(`/api/regions/demo/imports/${preview.body.id}`)).status).toBe(204);
    expect((await u.staff.get(`/api/regions/demo/imports/${preview.body.id}`)).body.status).toBe('discarded');
  });

  it('lets a data provider answer their request with a file restricted to the request’s indicator and periods', async () => {
    const key = uniqueKey('prov');
    const indicator = await mustCreateIndicator(u.lead, key, { breakdowns: ['sex'] });
    const request = await u.lead.post('/api/regions/demo/data-requests', {
      indicatorKey: key,
      providerId: 'demo-provider',
      dueDate: addDays(berlinDate(Date.now()), 10),
      periods: ['2024'],
    });
    expect(request.status).toBe(201);
    const file = ['Jahr;Insgesamt;männlich;weiblich', '2023;30,0;29,0;31,0', '2024;31,0;30,0;32,0'].join('\n');
    // Without the request, the provider may not import at all.
    expect((await upload(provider, 'antwort.csv', file)).status).toBe(403);
    const preview = await upload(provider, 'antwort.csv', file, { taskId: request.body.id });
    expect(preview.status).toBe(201);
    expect(preview.body.mapping.indicatorKey).toBe(key);
    expect(preview.body.issues).toEqual([expect.objectContaining({ row: 2, code: 'period_not_requested' })]);
    expect((await provider.post(`/api/regions/demo/imports/${preview.body.id}/commit`, {})).status).toBe(422);

    const good = await upload(provider, 'antwort.csv', ['Jahr;Insgesamt;männlich;weiblich', '2024;31,0;30,0;32,0'].join('\n'), { taskId: request.body.id });
    expect(good.body.canCommit).toBe(true);
    const answered = await provider.post(`/api/regions/demo/imports/${good.body.id}/commit`, { source: `Jugendamt (${indicator.name.de})` });
    expect(answered.status).toBe(200);
    expect(answered.body.request).toMatchObject({ status: 'in_review', answer: { fileName: 'antwort.csv' } });
    expect(await values(key)).toEqual([]);
    expect((await u.staff.post(`/api/regions/demo/tasks/${request.body.id}/actions/approve`, {})).status).toBe(200);
    const stored = await values(key);
    expect(stored.map((v: { breakdownKey: string; value: number }) => `${v.breakdownKey} ${v.value}`)).toEqual(['sex=female 32', 'sex=male 30', 'total 31']);
    const [entry] = (await u.staff.get(`${indicatorPath(key)}/history?period=2024`)).body.items;
    expect(entry).toMatchObject({ origin: 'request', fileName: 'antwort.csv', enteredBy: { id: 'demo-provider' } });
  });
});
