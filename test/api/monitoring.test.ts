import { randomBytes } from 'node:crypto';
import { addDays, berlinDate } from '../../domain/time';
import { STANDARD_INDICATORS } from '../../domain/monitoring/catalogue';
import { MONITORING_AREAS } from '../../domain/monitoring/types';
import { createMandate, demoUsers, mandatePath, mustAct, mandateInDecision, voteAll, type DemoUsers } from '../factories';
import { login, type ApiClient } from '../support/http';
import { indicatorPath, mustCreateIndicator, mustEnterValue } from '../support/monitoring';
import { pdfText } from '../support/pdf';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
let u: DemoUsers;
let provider: ApiClient;
const today = () => berlinDate(Date.now());
const uniqueKey = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

beforeAll(async () => {
  stack = await startTestStack({ monitoring: true });
  u = await demoUsers(stack.baseUrl);
  provider = await login(stack.baseUrl, 'provider@demo.test');
});
afterAll(() => stack?.stop());

const history = async (key: string, query: string) => {
  const reply = await u.staff.get(`${indicatorPath(key)}/history?${query}`);
  expect(reply.status).toBe(200);
  return reply.body.items;
};

/** The lead's open follow-up tasks about new data (candidates: office lead). */
async function followUps(indicatorName: string) {
  const reply = await u.lead.get(`/api/regions/demo/inbox?view=role&pageSize=100&q=${encodeURIComponent('Neue Daten prüfen')}`);
  expect(reply.status).toBe(200);
  return reply.body.items.filter((t: { title: string }) => t.title === `Neue Daten prüfen: ${indicatorName}`);
}

describe('the indicator catalogue', () => {
  it('lists the standard set along the seven areas, with the seeded latest values and the demo targets', async () => {
    const reply = await u.board[1]!.get('/api/regions/demo/indicators');
    expect(reply.status).toBe(200);
    const keys = reply.body.items.map((i: { key: string }) => i.key);
    expect(keys).toEqual(expect.arrayContaining(STANDARD_INDICATORS.map((i) => i.key)));
    expect(new Set(reply.body.items.map((i: { area: string }) => i.area))).toEqual(new Set(MONITORING_AREAS));
    const u3 = reply.body.items.find((i: { key: string }) => i.key === 'u3-childcare-rate');
    expect(u3).toMatchObject({ unit: 'percent', higherIsBetter: true, target: { value: 40, period: '2027' }, latest: { period: '2024', suppressed: false } });
    expect(u3.latest.value).toBeGreaterThan(30);
  });

  it('lets the office lead add the region’s own indicator and nobody else; a bad one names its fields', async () => {
    const key = uniqueKey('own');
    expect((await u.staff.post('/api/regions/demo/indicators', { key })).status).toBe(403);
    const bad = await u.lead.post('/api/regions/demo/indicators', { key: 'Bad Key', area: 'moon', unit: 'percent' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['key', 'area', 'name', 'definition', 'source']));
    const created = await mustCreateIndicator(u.lead, key);
    expect(created).toMatchObject({ key, custom: true, target: null });
    expect((await u.lead.post('/api/regions/demo/indicators', (await import('../support/monitoring')).customIndicator(key))).status).toBe(409);
    // Another region's catalogue does not have it.
    expect((await u.otherLead.get(indicatorPath(key, 'other'))).status).toBe(404);
  });
});

describe('versioned values with provenance', () => {
  it('keeps every version: a correction is a new version with its reason, the history shows both, nothing is overwritten', async () => {
    const key = uniqueKey('ver');
    await mustCreateIndicator(u.lead, key);
    const first = await mustEnterValue(u.staff, key, { period: '2023', value: 31.5, referenceDate: '2023-03-01', territorialStatus: '2021-01-01' });
    expect(first).toMatchObject({ period: '2023', value: 31.5, version: 1, suppressed: false, breakdownKey: 'total', area: 'Kreis' });

    const noReason = await u.staff.post(`${indicatorPath(key)}/values`, { period: '2023', value: 32.1, source: 'Testamt' });
    expect(noReason.status).toBe(422);
    expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'note', code: 'required' })]);

    // The same entry sent twice with one Idempotency-Key is one version.
    const keyed = { period: '2023', value: 32.1, note: 'Nachmeldung einer Kita', source: 'Testamt' };
    const second = (await u.staff2.post(`${indicatorPath(key)}/values`, keyed, { 'idempotency-key': `entry-${key}` })).body;
    expect((await u.staff2.post(`${indicatorPath(key)}/values`, keyed, { 'idempotency-key': `entry-${key}` })).body).toEqual(second);
    expect(second).toMatchObject({ value: 32.1, version: 2 });
    const items = await history(key, 'period=2023');
    expect(items).toEqual([
      expect.objectContaining({
        version: 2,
        value: 32.1,
        note: 'Nachmeldung einer Kita',
        enteredBy: { id: 'demo-staff2', name: 'Svenja Sachbearbeitung' },
        origin: 'manual',
      }),
      expect.objectContaining({
        version: 1,
        value: 31.5,
        note: null,
        enteredBy: { id: 'demo-staff', name: 'Sven Sachbearbeitung' },
        referenceDate: '2023-03-01',
        territorialStatus: '2021-01-01',
      }),
    ]);
    const current = (await u.manager.get(indicatorPath(key))).body.values;
    expect(current).toEqual([expect.objectContaining({ period: '2023', value: 32.1, version: 2 })]);
  });

  it('refuses bad values with the field named and stores nothing', async () => {
    const key = uniqueKey('bad');
    await mustCreateIndicator(u.lead, key);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ period: '2023', value: 101 }, 'value', 'too_big'],
      [{ period: '2023', value: -1 }, 'value', 'too_small'],
      [{ period: '2023/25', value: 3 }, 'period', 'invalid'],
      [{ period: 'letztes Jahr', value: 3 }, 'period', 'invalid_format'],
      [{ period: '2023', value: 3, breakdown: { nationality: 'foreign' } }, 'breakdown.nationality', 'breakdown_not_supported'],
      [{ period: '2023', value: 3, breakdown: { sex: 'unknown' } }, 'breakdown.sex', 'invalid_value'],
      [{ period: '2023', status: 'secret', value: 3 }, 'value', 'not_allowed'],
      [{ period: '2023' }, 'value', 'required'],
    ];
    for (const [entry, field, code] of cases) {
      const reply = await u.staff.post(`${indicatorPath(key)}/values`, { source: 'Testamt', ...entry });
      expect({ entry, status: reply.status, errors: reply.body.errors }).toEqual({
        entry,
        status: 422,
        errors: expect.arrayContaining([expect.objectContaining({ field, code })]),
      });
    }
    expect((await u.staff.get(indicatorPath(key))).body.values).toEqual([]);
    // Reading is for members; entering is for the office.
    expect((await u.board[1]!.post(`${indicatorPath(key)}/values`, { period: '2023', value: 3, source: 'x' })).status).toBe(403);
    expect((await u.otherLead.get(indicatorPath(key))).status).toBe(403);
  });

  it('takes the statistics placeholders: "-" none, "." unknown, "x" secret, without a number', async () => {
    const key = uniqueKey('ph');
    await mustCreateIndicator(u.lead, key);
    await mustEnterValue(u.staff, key, { period: '2020', status: 'none' });
    await mustEnterValue(u.staff, key, { period: '2021', status: 'unknown' });
    await mustEnterValue(u.staff, key, { period: '2022', status: 'secret' });
    const values = (await u.staff.get(indicatorPath(key))).body.values;
    expect(values.map((v: { period: string; status: string; value: unknown }) => [v.period, v.status, v.value])).toEqual([
      ['2020', 'none', null],
      ['2021', 'unknown', null],
      ['2022', 'secret', null],
    ]);
  });
});

describe('small-number suppression', () => {
  it('shows small counts as suppressed and leaves them out of charts and exports, by the region’s threshold', async () => {
    const key = uniqueKey('cnt');
    await mustCreateIndicator(u.lead, key, { unit: 'count', decimals: 0, breakdowns: ['sex'] });
    await mustEnterValue(u.staff, key, { period: '2022', value: 14 });
    await mustEnterValue(u.staff, key, { period: '2023', value: 12 });
    await mustEnterValue(u.staff, key, { period: '2023', value: 2, breakdown: { sex: 'female' } });
    await mustEnterValue(u.staff, key, { period: '2023', value: 10, breakdown: { sex: 'male' } });

    const values = (await u.board[2]!.get(indicatorPath(key))).body.values;
    const female = values.find((v: { breakdownKey: string }) => v.breakdownKey === 'sex=female');
    expect(female).toMatchObject({ suppressed: true, value: null, status: 'value' });
    expect(JSON.stringify(values)).not.toContain('"value":2');

    const chart = (await u.board[2]!.get(`${indicatorPath(key)}/chart?dimension=sex`)).body;
    const femaleSeries = chart.chart.series.find((s: { label: string }) => s.label === 'weiblich');
    expect(femaleSeries.points).toEqual([{ period: '2023', value: null, suppressed: true }]);
    expect(chart.svg).toContain('<title');

    const csv = await u.staff.get(`${indicatorPath(key)}/export.csv`);
    expect(csv.status).toBe(200);
    const lines = String(csv.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines.slice(1).map((line) => line.split(';').slice(1, 3).join(' '))).toEqual(['2022 total', '2023 sex=male', '2023 total']);

    // A lower threshold shows it again; the settings are the lead's.
    expect((await u.staff.put('/api/regions/demo/monitoring-settings', { suppressionThreshold: 2, shareAggregates: true, defaultArea: 'Kreis' })).status).toBe(
      403,
    );
    expect((await u.lead.put('/api/regions/demo/monitoring-settings', { suppressionThreshold: 2, shareAggregates: true, defaultArea: 'Kreis' })).status).toBe(
      200,
    );
    try {
      const shown = (await u.staff.get(indicatorPath(key))).body.values.find((v: { breakdownKey: string }) => v.breakdownKey === 'sex=female');
      expect(shown).toMatchObject({ suppressed: false, value: 2 });
    } finally {
      await u.lead.put('/api/regions/demo/monitoring-settings', { suppressionThreshold: 3, shareAggregates: true, defaultArea: 'Kreis' });
    }
  });

  it('suppresses a rate that rests on fewer cases than the threshold', async () => {
    const key = uniqueKey('rate');
    await mustCreateIndicator(u.lead, key);
    await mustEnterValue(u.staff, key, { period: '2023', value: 50, caseCount: 2 });
    expect((await u.staff.get(indicatorPath(key))).body.values[0]).toMatchObject({ value: null, suppressed: true });
  });
});

describe('comparison with other regions', () => {
  it('shows the totals of regions that share them, and nothing of those that do not', async () => {
    const compared = (await u.staff.get(`${indicatorPath('u3-childcare-rate')}/chart?compare=true`)).body.chart;
    expect(compared.series.map((s: { label: string }) => s.label)).toEqual(['Bildungsregion Musterkreis: insgesamt', 'Bildungsregion Beispielstadt']);
    expect(compared.series[1].points).toHaveLength(10);
    await u.otherLead.put('/api/regions/other/monitoring-settings', { suppressionThreshold: 3, shareAggregates: false, defaultArea: 'Kreis' });
    try {
      const alone = (await u.staff.get(`${indicatorPath('u3-childcare-rate')}/chart?compare=true`)).body.chart;
      expect(alone.series).toHaveLength(1);
    } finally {
      await u.otherLead.put('/api/regions/other/monitoring-settings', { suppressionThreshold: 3, shareAggregates: true, defaultArea: 'Kreis' });
    }
  });
});

describe('follow-up from data', () => {
  it('gives the office lead one review task when a value misses the indicator’s target', async () => {
    const key = uniqueKey('tgt');
    const indicator = await mustCreateIndicator(u.lead, key);
    expect((await u.staff.put(`${indicatorPath(key)}/target`, { value: 40, period: null })).status).toBe(403);
    expect((await u.lead.put(`${indicatorPath(key)}/target`, { value: 40, period: null })).body.target).toEqual({ value: 40, period: null });
    await mustEnterValue(u.staff, key, { period: '2023', value: 45 });
    expect(await followUps(indicator.name.de)).toEqual([]);
    await mustEnterValue(u.staff, key, { period: '2024', value: 35 });
    const tasks = await followUps(indicator.name.de);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ candidateRole: 'office_lead', priority: 'high', params: { indicator: key } });
    expect(tasks[0].description).toContain('Ziel verfehlt: 2024 35 (Ziel 40)');
  });

  it('makes one task per release and indicator, however many of its values miss the target', async () => {
    const key = uniqueKey('rel');
    const indicator = await mustCreateIndicator(u.lead, key, { breakdowns: ['sex'] });
    await u.lead.put(`${indicatorPath(key)}/target`, { value: 50, period: null });
    const { upload } = await import('../support/monitoring');
    const release = async (year: number) => {
      const file = ['Jahr;Insgesamt;männlich;weiblich', `${year};40,0;39,0;41,0`, `${year + 1};42,0;41,0;43,0`].join('\n');
      const preview = (await upload(u.staff, 'release.csv', file)).body;
      await u.staff.put(`/api/regions/demo/imports/${preview.id}/mapping`, { mapping: { ...preview.mapping, indicatorKey: key } });
      const committed = await u.staff.post(`/api/regions/demo/imports/${preview.id}/commit`, { source: 'Statistikamt' });
      expect(committed.status).toBe(200);
      return preview.id;
    };
    await release(2020);
    const first = await followUps(indicator.name.de);
    expect(first).toHaveLength(1);
    expect(first[0].description).toContain('Ziel verfehlt: 2020 40 (Ziel 50)');
    expect(first[0].description).toContain('Ziel verfehlt: 2021 42 (Ziel 50)');
    await release(2022);
    expect(await followUps(indicator.name.de)).toHaveLength(2);
  });

  it('gives the office lead a review task when new values arrive for an indicator of a decision being implemented', async () => {
    const key = uniqueKey('impl');
    const indicator = await mustCreateIndicator(u.lead, key);
    const m = await createMandate(u, { indicators: [key] });
    await mustAct(u.lead, m.id, 'submit');
    await voteAll(u, m.id, { choice: 'yes' });
    const { finishMandateTasks } = await import('../factories');
    await mustAct(u.staff, m.id, 'add-option', { title: 'Sprachkitas', description: 'Mehr Sprachförderung' });
    await finishMandateTasks(u, m.id);
    const decided = await mustAct(u.lead, m.id, 'submit-dossier');
    const option = decided.options[0].id;
    const implemented = await voteAll(u, m.id, { choice: 'option', optionId: option });
    expect(implemented.phase).toBe('implementation');
    // The data request of preparation already brought values: one task for that release.
    const before = (await followUps(indicator.name.de)).length;
    await mustEnterValue(u.staff, key, { period: '2026', value: 20 });
    const after = await followUps(indicator.name.de);
    expect(after).toHaveLength(before + 1);
    expect(after.some((t: { description: string }) => t.description.includes(m.id))).toBe(true);
  });
});

describe('data requests and the data provider', () => {
  async function request(periods = ['2023', '2024']) {
    const key = uniqueKey('req');
    const indicator = await mustCreateIndicator(u.lead, key, { breakdowns: ['sex'] });
    const reply = await u.lead.post('/api/regions/demo/data-requests', {
      indicatorKey: key,
      providerId: 'demo-provider',
      dueDate: addDays(today(), 14),
      periods,
      note: 'Bitte nach Geschlecht',
    });
    expect(reply.status).toBe(201);
    return { key, indicator, request: reply.body };
  }

  it('lets the office lead address a request to a provider, who answers it; the values count once the office approves', async () => {
    const { key, request: req } = await request();
    expect(req).toMatchObject({ status: 'claimed', provider: { id: 'demo-provider' }, periods: ['2023', '2024'], canAnswer: false, indicator: { key } });
    const mine = await provider.get('/api/regions/demo/data-requests');
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((r: { id: string }) => r.id)).toContain(req.id);
    expect(mine.body.items.every((r: { provider: { id: string } }) => r.provider.id === 'demo-provider')).toBe(true);

    const wrongPeriod = await provider.post(`/api/regions/demo/data-requests/${req.id}/answer`, { points: [{ period: '2019', value: 3 }] });
    expect(wrongPeriod.status).toBe(422);
    expect(wrongPeriod.body.errors).toEqual([expect.objectContaining({ field: 'points.0.period', code: 'period_not_requested' })]);

    const answered = await provider.post(`/api/regions/demo/data-requests/${req.id}/answer`, {
      points: [
        { period: '2023', value: 30.5, caseCount: 400 },
        { period: '2023', value: 31.5, breakdown: { sex: 'female' } },
        { period: '2024', status: 'unknown' },
      ],
      source: 'Jugendamt Musterkreis',
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'in_review', answer: { points: expect.any(Array) } });
    expect((await u.staff.get(indicatorPath(key))).body.values).toEqual([]);

    // The raw answer is for the office and the provider; a board member sees only the values as presented.
    expect((await u.board[1]!.get(`/api/regions/demo/data-requests/${req.id}`)).body.answer).toBeNull();
    expect((await u.board[1]!.get(`/api/regions/demo/tasks/${req.id}`)).body.output).toBeNull();
    expect((await u.staff.get(`/api/regions/demo/tasks/${req.id}`)).body.output.points).toHaveLength(3);
    const approved = await u.staff.post(`/api/regions/demo/tasks/${req.id}/actions/approve`, { comment: 'plausibel' });
    expect(approved.status).toBe(200);
    const values = (await u.staff.get(indicatorPath(key))).body.values;
    expect(values.map((v: { period: string; breakdownKey: string; value: unknown; status: string }) => [v.period, v.breakdownKey, v.value, v.status])).toEqual([
      ['2023', 'sex=female', 31.5, 'value'],
      ['2023', 'total', 30.5, 'value'],
      ['2024', 'total', null, 'unknown'],
    ]);
    const [entry] = await history(key, 'period=2023');
    expect(entry).toMatchObject({ origin: 'request', enteredBy: { id: 'demo-provider' }, source: 'Jugendamt Musterkreis', taskId: req.id });
  });

  it('shows the provider nothing else of the region: 403 everywhere but their own requests', async () => {
    const { request: mine } = await request();
    const { request: other } = await request();
    await u.lead.post(`/api/regions/demo/tasks/${other.id}/actions/assign`, { assigneeId: 'demo-staff' });
    const m = await createMandate(u, { indicators: [] });
    for (const path of [
      '/api/regions/demo/mandates',
      mandatePath(m.id),
      '/api/regions/demo/inbox',
      `/api/regions/demo/tasks/${mine.id}`,
      '/api/regions/demo/indicators',
      indicatorPath('u3-childcare-rate'),
      `${indicatorPath('u3-childcare-rate')}/chart`,
      '/api/regions/demo/imports',
      '/api/regions/demo/absences',
      '/api/regions/demo/members',
      `/api/regions/demo/data-requests/${other.id}`,
      `/api/regions/demo/mandates/${m.id}/dossier`,
      '/api/regions/demo/education-report.csv?area=early-childhood',
    ]) {
      expect({ path, status: (await provider.get(path)).status }).toEqual({ path, status: 403 });
    }
    expect((await provider.post(`/api/regions/demo/data-requests/${other.id}/answer`, { points: [{ period: '2023', value: 1 }] })).status).toBe(403);
    expect((await provider.post(`/api/regions/demo/tasks/${mine.id}/actions/complete`, { output: {} })).status).toBe(403);
    expect((await provider.post('/api/regions/demo/data-requests', {})).status).toBe(403);
    expect((await provider.get(`/api/regions/demo/data-requests/${mine.id}`)).status).toBe(200);
    // Another region is no more theirs than the rest.
    expect((await provider.get('/api/regions/other/data-requests')).status).toBe(403);
  });

  it('lets the office lead hand a data request of the cycle to a provider, and nothing else', async () => {
    const m = await createMandate(u, { indicators: ['u3-childcare-rate'] });
    await mustAct(u.lead, m.id, 'submit');
    const prepared = await voteAll(u, m.id, { choice: 'yes' });
    const dataTask = prepared.tasks.find((t: { type: string }) => t.type === 'data-request');
    const consult = prepared.tasks.find((t: { type: string }) => t.type === 'consult');
    const refused = await u.lead.post(`/api/regions/demo/tasks/${consult.id}/actions/assign`, { assigneeId: 'demo-provider' });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'assigneeId', code: 'not_a_member' })]);
    const assigned = await u.lead.post(`/api/regions/demo/tasks/${dataTask.id}/actions/assign`, { assigneeId: 'demo-provider' });
    expect(assigned.status).toBe(200);
    const seen = await provider.get(`/api/regions/demo/data-requests/${dataTask.id}`);
    expect(seen.body).toMatchObject({ canAnswer: true, indicator: { key: 'u3-childcare-rate' }, mandate: { id: m.id } });
    const answered = await provider.post(`/api/regions/demo/data-requests/${dataTask.id}/answer`, {
      points: [{ period: '2025', value: 37.2, caseCount: 1300 }],
    });
    expect(answered.body.status).toBe('in_review');
    await u.staff.post(`/api/regions/demo/tasks/${dataTask.id}/actions/approve`, {});
    // The value reaches the monitoring store and, being a plain total, the mandate too.
    expect((await u.manager.get(mandatePath(m.id))).body.data).toEqual([
      expect.objectContaining({ indicator: 'u3-childcare-rate', period: '2025', value: 37.2 }),
    ]);
    const latest = (await u.staff.get(indicatorPath('u3-childcare-rate'))).body.values.filter((v: { period: string }) => v.period === '2025');
    expect(latest).toEqual([expect.objectContaining({ value: 37.2, breakdownKey: 'total' })]);
  });

  it('refuses a request to someone who is neither provider nor office, naming the field', async () => {
    const key = uniqueKey('who');
    await mustCreateIndicator(u.lead, key);
    const reply = await u.lead.post('/api/regions/demo/data-requests', {
      indicatorKey: key,
      providerId: 'demo-board1',
      dueDate: addDays(today(), 5),
      periods: ['2024'],
    });
    expect(reply.status).toBe(422);
    expect(reply.body.errors).toEqual([expect.objectContaining({ field: 'providerId', code: 'not_a_member' })]);
    const unknown = await u.lead.post('/api/regions/demo/data-requests', {
      indicatorKey: 'nope',
      providerId: 'demo-provider',
      dueDate: addDays(today(), 5),
      periods: ['2024'],
    });
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'indicatorKey', code: 'unknown_indicator' })]);
  });
});

describe('the decision dossier', () => {
  it('is frozen under its SHA-256 when it goes to the board; the decision keeps that hash while the data moves on', async () => {
    const m = await mandateInDecision(u);
    expect(m.dossier.hash).toMatch(/^[0-9a-f]{64}$/);
    const frozen = (await u.board[1]!.get(`${mandatePath(m.id)}/dossier`)).body;
    expect(frozen).toMatchObject({ hash: m.dossier.hash, frozen: true });
    const frozenValues = frozen.content.indicators.find(
      (i: { definition: { key: string } }) => i.definition.key === 'training-contract-termination-rate',
    ).values;
    // The approved data request of preparation brought the 2025 value the dossier shows, after the seeded years.
    expect(frozenValues.filter((v: { period: string }) => v.period === '2025')).toEqual([expect.objectContaining({ breakdownKey: 'total', value: 12.5 })]);

    await mustEnterValue(u.staff, 'training-contract-termination-rate', { period: '2025', value: 19.5, note: 'Korrektur der Kammer' });
    const still = (await u.board[1]!.get(`${mandatePath(m.id)}/dossier`)).body;
    expect(still.hash).toBe(m.dossier.hash);
    expect(still.content).toEqual(frozen.content);
    expect(JSON.stringify(still.content)).not.toContain('19.5');

    const decided = await voteAll(u, m.id, { choice: 'option', optionId: m.options[0].id });
    expect(decided.decision.dossierHash).toBe(m.dossier.hash);
  });

  it('before it is frozen, its hash follows the data', async () => {
    const key = uniqueKey('dos');
    await mustCreateIndicator(u.lead, key);
    const m = await createMandate(u, { indicators: [key] });
    const first = (await u.staff.get(`${mandatePath(m.id)}/dossier`)).body;
    expect(first.frozen).toBe(false);
    await mustEnterValue(u.staff, key, { period: '2024', value: 12.5 });
    const second = (await u.staff.get(`${mandatePath(m.id)}/dossier`)).body;
    expect(second.hash).not.toBe(first.hash);
    expect(second.content.indicators[0].values).toEqual([expect.objectContaining({ period: '2024', value: 12.5 })]);
    expect(second.charts[0].svg).toContain('<svg');
  });

  it('refuses a caller-supplied hash and a mandate naming indicators outside the catalogue', async () => {
    const bad = await u.lead.post('/api/regions/demo/mandates', { ...(await import('../factories')).mandateInput(), indicators: ['Ausbildungsabbrüche'] });
    expect(bad.status).toBe(422);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'indicators.0', code: 'unknown_indicator' })]);

    const m = await createMandate(u, { indicators: [] });
    await mustAct(u.lead, m.id, 'submit');
    await voteAll(u, m.id, { choice: 'yes' });
    const forged = await u.lead.post(`${mandatePath(m.id)}/actions/submit-dossier`, { dossierHash: 'a'.repeat(64) });
    expect(forged.status).toBe(422);
    expect(forged.body.errors).toEqual([expect.objectContaining({ field: 'dossierHash', code: 'unknown_field' })]);
    expect((await u.lead.get(mandatePath(m.id))).body).toMatchObject({ phase: 'preparation', dossier: null });
  });
});

describe('the dossier and reports as files', () => {
  const bytes = async (client: ApiClient, path: string) => {
    const response = await fetch(`${client.baseUrl}${path}`, { headers: { authorization: `Bearer ${client.token}` } });
    return { status: response.status, type: response.headers.get('content-type') ?? '', body: Buffer.from(await response.arrayBuffer()) };
  };

  it('gives the dossier as a PDF with its question, options, numbers and hash, and the evaluation report after the decision', async () => {
    const m = await mandateInDecision(u);
    const pdf = await bytes(u.board[1]!, `${mandatePath(m.id)}/dossier.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    const text = (await pdfText(pdf.body)).replace(/\s+/g, ' ');
    expect(text).toContain(m.title);
    expect(text).toContain('Wie senken wir die Zahl der Ausbildungsabbrüche?');
    expect(text).toContain('Ausbildungslotsen');
    expect(text).toContain('Praktikumsbörse');
    expect(text).toContain('12,5');
    expect(text).toContain(`Prüfsumme (SHA-256): ${m.dossier.hash}`);

    await voteAll(u, m.id, { choice: 'option', optionId: m.options[0].id });
    const report = (await u.manager.get(`${mandatePath(m.id)}/evaluation-report`)).body;
    expect(report.mandate).toMatchObject({ id: m.id, chosenOption: 'Ausbildungslotsen', decidedPeriod: String(new Date().getFullYear()) });
    expect(report.indicators.map((i: { definition: { key: string } }) => i.definition.key)).toEqual([
      'training-contract-termination-rate',
      'leavers-without-certificate',
    ]);
    const evaluation = await bytes(u.manager, `${mandatePath(m.id)}/evaluation-report.pdf`);
    expect(evaluation.status).toBe(200);
    expect(await pdfText(evaluation.body)).toContain('Ausbildungslotsen');
  });

  it('gives the education report chapter of an area as PDF and CSV, without suppressed values', async () => {
    const key = uniqueKey('chap');
    const indicator = await mustCreateIndicator(u.lead, key, { area: 'non-formal-learning', unit: 'count', decimals: 0, breakdowns: [] });
    await mustEnterValue(u.staff, key, { period: '2022', value: 140 });
    await mustEnterValue(u.staff, key, { period: '2023', value: 2 });
    await mustEnterValue(u.staff, key, { period: '2024', value: 175 });
    const pdf = await bytes(u.lead, '/api/regions/demo/education-report.pdf?area=non-formal-learning');
    expect(pdf.status).toBe(200);
    const text = (await pdfText(pdf.body)).replace(/\s+/g, ' ');
    expect(text).toContain('Non-formale Bildung');
    expect(text).toContain(indicator.name.de);
    expect(text).toContain('175');

    const csv = await bytes(u.lead, '/api/regions/demo/education-report.csv?area=non-formal-learning');
    expect(csv.status).toBe(200);
    const rows = csv.body
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r\n/);
    const mine = rows.filter((row) => row.includes(indicator.name.de));
    expect(mine.map((row) => row.split(';').find((cell) => /^20\d\d$/.test(cell)))).toEqual(['2022', '2024']);
    expect((await u.lead.get('/api/regions/demo/education-report.csv?area=moon')).status).toBe(422);
  });
});
