import { openStore, type Store } from '../../store/connection';
import { commitBatch, commitRequestValues, createImport, loadValues, type NewValue, type Provenance } from '../../store/monitoring';
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

async function stagedImport(regionId: string) {
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

describe('an import batch', () => {
  it('counts all or nothing: a failure after half the values were written leaves none of them visible, and a retry writes all', async () => {
    const regionId = uniqueName('r');
    const id = await stagedImport(regionId);
    // 24,000 values: 12 sets of 2,000, written in two round trips of 8 and 4 sets.
    const batch = values('u3', 24_000);
    await expect(
      commitBatch(store.models, id, regionId, batch, provenance, '2026-01-02T00:00:00.000Z', {
        afterWrite: async (written) => {
          // A failure between two round trips, as when the connection drops: the batch is not committed yet.
          if (written === 16_000) {
            expect((await loadValues(store.models, regionId, 'u3')).current).toEqual([]);
            throw new Error('connection lost');
          }
        },
      }),
    ).rejects.toThrow('connection lost');
    expect((await loadValues(store.models, regionId, 'u3')).current).toEqual([]);
    expect(await store.models.IndicatorValue.countDocuments({ batchId: id })).toBe(0);

    expect(await commitBatch(store.models, id, regionId, batch, provenance, '2026-01-02T00:00:00.000Z')).toBe(24_000);
    const { current } = await loadValues(store.models, regionId, 'u3');
    expect(current).toHaveLength(24_000);
    expect(current.every((v) => v.version === 1 && v.batchId === id && v.fileName === 'daten.csv')).toBe(true);
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
    expect((await loadValues(store.models, regionId)).all).toEqual([]);
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
