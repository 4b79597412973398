import { openStore, type Store } from '../../store/connection';
import {
  claimImport,
  commitBatch,
  commitRequestValues,
  createImport,
  discardImport,
  insertManualValue,
  loadValues,
  type NewValue,
  type Provenance,
} from '../../store/monitoring';
import { testMongoUri, uniqueName } from '../support/servers';

/** The monitoring store against the real database: all-or-nothing batches and version numbering. */
let store: Store;
beforeAll(async () => {
  store = await openStore(testMongoUri(uniqueName('monitoring')));
});
afterAll(async () => {
  await store?.connection.dropDatabase();
  await store?.close();
});

const person = { id: 'demo-staff', name: 'Sven' };
const provenance: Provenance = {
  source: 'Statistikamt',
  referenceDate: null,
  territorialStatus: null,
  origin: 'import',
  enteredBy: person,
  fileName: 'daten.csv',
  taskId: null,
  note: null,
};

/** Values of one indicator for many years: enough for several insert round trips. */
function values(indicatorKey: string, count: number, value = 10): NewValue[] {
  // Periods are not checked by the store; plain numbers keep the cells apart.
  return Array.from({ length: count }, (_, i) => ({
    indicatorKey,
    period: String(1000 + i),
    breakdown: {},
    area: 'Kreis',
    value: value + i,
    status: 'value' as const,
    caseCount: null,
  }));
}

/** An import in preview, as an upload leaves it. */
async function previewImport(regionId: string) {
  const id = uniqueName('imp');
  await createImport(store.models, {
    id,
    regionId,
    fileName: 'daten.csv',
    contentType: 'text/csv',
    size: 1,
    chunkCount: 0,
    taskId: null,
    mapping: null,
    preview: { format: 'csv', encoding: 'utf-8', delimiter: ';', sheet: null, rowCount: 0, rows: [], headers: [], valueCount: 0, sample: [], issues: [] },
    createdBy: person,
    createdAt: '2026-01-01T00:00:00.000Z',
  });
  return id;
}

/** An import claimed for committing, as the commit request leaves it before writing. */
async function stagedImport(regionId: string) {
  const id = await previewImport(regionId);
  await claimImport(store.models, id, 'commit');
  return id;
}

describe('an import batch', () => {
  it('counts all or nothing: a failure after part of the values was written leaves none of them visible, and a retry writes all', async () => {
    const regionId = uniqueName('r');
    const id = await stagedImport(regionId);
    // Two indicators of 12,000 values each: twelve sets of 2,000, written in round trips of 8 and 4 sets.
    const batch = [...values('u3', 12_000), ...values('u6', 12_000)];
    await expect(
      commitBatch(store.models, id, regionId, batch, provenance, '2026-01-02T00:00:00.000Z', {
        afterWrite: async (written) => {
          // A failure between the two round trips, as when the connection drops: the batch is not committed yet.
          if (written === 16_000) {
            expect((await loadValues(store.models, regionId, 'u3')).current).toEqual([]);
            throw new Error('connection lost');
          }
        },
      }),
    ).rejects.toThrow('connection lost');
    // What the failed attempt wrote is gone again.
    expect(await store.models.IndicatorValue.countDocuments({ batchId: id })).toBe(0);
    expect((await loadValues(store.models, regionId, 'u3')).current).toEqual([]);
    expect((await loadValues(store.models, regionId, 'u6')).current).toEqual([]);

    expect(await commitBatch(store.models, id, regionId, batch, provenance, '2026-01-02T00:00:00.000Z')).toBe(24_000);
    for (const key of ['u3', 'u6']) {
      const { current } = await loadValues(store.models, regionId, key);
      expect(current).toHaveLength(12_000);
      expect(current.every((v) => v.version === 1 && v.batchId === id && v.fileName === 'daten.csv')).toBe(true);
    }
  });

  it('leaves the values of a batch that died before its commit invisible, whatever was written', async () => {
    const regionId = uniqueName('r');
    const id = await stagedImport(regionId);
    // As if the process died after the values were written and before the batch was marked committed.
    await store.models.IndicatorValue.insertMany([
      {
        _id: `${id}|u3|0`,
        regionId,
        indicatorKey: 'u3',
        ...provenance,
        batchId: id,
        createdAt: '2026-01-01T00:00:00.000Z',
        values: values('u3', 3).map(({ indicatorKey: _key, ...v }) => ({ ...v, breakdownKey: 'total' })),
      },
    ]);
    expect((await loadValues(store.models, regionId, 'u3')).all).toEqual([]);
    // A later commit of that batch starts by removing what the dead attempt left.
    await commitBatch(store.models, id, regionId, values('u3', 1, 50), provenance, '2026-01-02T00:00:00.000Z');
    expect((await loadValues(store.models, regionId, 'u3')).all.map((v) => v.value)).toEqual([50]);
  });

  it('numbers versions per cell in the order they came to count, the batch dated by its commit', async () => {
    const regionId = uniqueName('r');
    const first = await stagedImport(regionId);
    const second = await stagedImport(regionId);
    await commitBatch(store.models, first, regionId, values('u3', 2, 10), provenance, '2026-01-02T00:00:00.000Z');
    await commitBatch(store.models, second, regionId, values('u3', 1, 20), provenance, '2026-01-03T00:00:00.000Z');
    const { all, current } = await loadValues(store.models, regionId, 'u3');
    expect(all.map((v) => [v.period, v.version, v.value])).toEqual([
      ['1000', 1, 10],
      ['1001', 1, 11],
      ['1000', 2, 20],
    ]);
    expect(current.map((v) => [v.period, v.version, v.value])).toEqual([
      ['1000', 2, 20],
      ['1001', 1, 11],
    ]);
  });

  it('lets exactly one of a commit and a discard have the import', async () => {
    const id = await previewImport(uniqueName('r'));
    const results = await Promise.allSettled([
      claimImport(store.models, id, 'commit'),
      discardImport(store.models, id),
      claimImport(store.models, id, 'commit'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.map((r) => (r.reason as { code: string }).code)).toEqual(['import_not_open', 'import_not_open']);
  });

  it('does not count a commit whose import was discarded meanwhile', async () => {
    const regionId = uniqueName('r');
    const id = await stagedImport(regionId);
    // As if a discard had won after the commit began (the claim's expiry let it in).
    await store.models.ImportBatch.updateOne({ _id: id }, { $set: { status: 'discarded' } });
    await expect(commitBatch(store.models, id, regionId, values('u3', 3), provenance, '2026-01-02T00:00:00.000Z')).rejects.toMatchObject({
      code: 'import_not_open',
    });
    expect((await loadValues(store.models, regionId, 'u3')).all).toEqual([]);
  });

  it('keeps every concurrent hand entry, each a version of its own', async () => {
    const regionId = uniqueName('r');
    const manual = { ...provenance, origin: 'manual' as const, fileName: null };
    await Promise.all(
      values('u3', 5).map((v, i) => insertManualValue(store.models, regionId, { ...v, period: '2024', value: i }, manual, `2026-01-0${i + 1}T00:00:00.000Z`)),
    );
    const { all, current } = await loadValues(store.models, regionId, 'u3');
    expect(all.map((v) => [v.version, v.value])).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
      [5, 4],
    ]);
    expect(current.map((v) => v.value)).toEqual([4]);
  });

  it('takes an approved request’s values once, however often it is retried', async () => {
    const regionId = uniqueName('r');
    const request = { ...provenance, origin: 'request' as const, taskId: 't1' };
    expect(await commitRequestValues(store.models, regionId, 't1', values('u3', 2), request, '2026-01-02T00:00:00.000Z')).toBe(true);
    expect(await commitRequestValues(store.models, regionId, 't1', values('u3', 2), request, '2026-01-02T00:00:00.000Z')).toBe(false);
    const { all } = await loadValues(store.models, regionId, 'u3');
    expect(all).toHaveLength(2);
    expect(all.every((v) => v.origin === 'request' && v.taskId === 't1')).toBe(true);
  });
});
