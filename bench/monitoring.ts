import { createModels } from '../store/models';
import { measure, report, runBench } from './lib';

/**
 * `npm run bench:monitoring`: imports of statistics files and the reads of
 * an indicator, each as a ratio to the database work they cannot avoid,
 * measured in the same run. Not part of `npm test`.
 */
const ROWS = (process.env.BENCH_ROWS ?? '1000,10000').split(',').map(Number);
const MUNICIPALITIES = 500;

/** A wide statistics file: year, municipality, total, male, female; `rows` rows, three values each, in municipalities of their own per file. */
function statisticsFile(rows: number, file: number): Buffer {
  const lines = ['Jahr;Gemeinde;Insgesamt;männlich;weiblich'];
  for (let i = 0; i < rows; i++) {
    const year = 2000 + Math.floor(i / MUNICIPALITIES);
    const value = (30 + (i % 17) / 10).toFixed(1).replace('.', ',');
    lines.push(`${year};Gemeinde ${file}-${i % MUNICIPALITIES};${value};${value};${value}`);
  }
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

runBench({ monitoring: true }, async ({ store, base, login, call }) => {
  const lead = await login('lead@demo.test');
  const staff = await login('staff@demo.test');
  await call(lead, 'POST', '/api/regions/demo/indicators', {
    key: 'bench-share',
    area: 'general-schools',
    name: { de: 'Bench-Anteil', en: 'Bench share' },
    definition: { de: 'Zum Messen', en: 'For measuring' },
    unit: 'percent',
    decimals: 1,
    source: 'Bench',
    breakdowns: ['sex'],
    higherIsBetter: true,
  });
  const upload = async (file: Buffer) => {
    const response = await fetch(`${base}/api/regions/demo/imports?fileName=bench.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${staff}`, 'content-type': 'text/csv' },
      body: new Uint8Array(file),
    });
    if (response.status !== 201) throw new Error(`upload → ${response.status}: ${await response.text()}`);
    return (await response.json()) as { id: string; mapping: Record<string, unknown> };
  };

  let offset = 0;
  for (const rows of ROWS) {
    const values = rows * 3;
    // The floor: inserting as many value documents as the import writes, in the store's round trips of 500.
    // The floor: writing as many values as the import does, as the store writes them (sets of 2,000, 8 sets per round trip).
    const scratch = createModels(store.connection.useDb('bench_scratch')).IndicatorValue;
    let n = 0;
    const floor = await measure(async () => {
      const sets = Array.from({ length: Math.ceil(values / 2000) }, () => ({
        _id: `floor-${n++}`,
        regionId: 'x',
        indicatorKey: 'k',
        source: 'Bench',
        origin: 'import',
        enteredBy: { id: 'b', name: 'B' },
        batchId: 'b',
        createdAt: '2026-01-01T00:00:00.000Z',
        values: Array.from({ length: 2000 }, (_, i) => ({
          period: '2020',
          breakdown: {},
          breakdownKey: 'total',
          area: `a${i}`,
          value: i,
          status: 'value',
          caseCount: null,
        })),
      }));
      for (let first = 0; first < sets.length; first += 8) await scratch.insertMany(sets.slice(first, first + 8), { ordered: true, lean: true });
    }, 3);
    await scratch.collection.drop();
    report(`floor: insert ${values} values in sets`, floor);

    const previews: { id: string }[] = [];
    const preview = await measure(async () => {
      const uploaded = await upload(statisticsFile(rows, offset++));
      const mapped = await call(staff, 'PUT', `/api/regions/demo/imports/${uploaded.id}/mapping`, {
        mapping: { ...uploaded.mapping, indicatorKey: 'bench-share' },
      });
      if (!mapped.canCommit) throw new Error(`bench file has issues: ${JSON.stringify(mapped.issues.slice(0, 3))}`);
      previews.push(uploaded);
    }, 3);
    report(`POST …/imports + PUT mapping (preview), ${rows} rows`, preview, 'insert', floor);
    const commit = await measure(() => call(staff, 'POST', `/api/regions/demo/imports/${previews.shift()!.id}/commit`, { source: 'Bench' }), 3);
    report(`POST …/imports/:id/commit (all or nothing), ${values} values`, commit, 'insert', floor);

    const total = await store.models.IndicatorValue.countDocuments({ regionId: 'demo' });
    const read = await measure(() => store.models.IndicatorValue.find({ regionId: 'demo', indicatorKey: 'u3-childcare-rate' }).lean(), 15);
    report(`floor: find one indicator's value sets, ${total} sets in the region`, read);
    report(
      `GET …/indicators/u3-childcare-rate/chart, ${total} sets`,
      await measure(() => call(staff, 'GET', '/api/regions/demo/indicators/u3-childcare-rate/chart'), 15),
      'find',
      read,
    );
    const readAll = await measure(() => store.models.IndicatorValue.find({ regionId: 'demo' }).lean(), 5);
    report(`floor: find all of the region's value sets, ${total}`, readAll);
    report(
      `GET …/indicators (catalogue with latest values), ${total} sets`,
      await measure(() => call(staff, 'GET', '/api/regions/demo/indicators'), 5),
      'find all',
      readAll,
    );
  }
});
