import type { DecisionRecord } from '../../domain/board/types';
import { openStore, type Store } from '../../store/connection';
import { correctDecision, correctionsOf, createDecisionRecord, findDecision, listDecisions, type NewDecisionRecord } from '../../store/decisions';
import { testMongoUri, uniqueName } from '../support/servers';
import { newDecisionRecord } from '../support/decisions';

/** Decision records against the real database: numbering under concurrency, one record per vote, corrections. */
let store: Store;
beforeAll(async () => {
  store = await openStore(testMongoUri(uniqueName('decisions')));
});
afterAll(async () => {
  await store?.connection.dropDatabase();
  await store?.close();
});

const chair = { id: 'demo-chair', name: 'Clara Vorsitz' };
let regionCounter = 0;
/** A region of its own per test, so the numbers of one test do not depend on another's. */
const freshRegion = () => `r${++regionCounter}`;

const newRecord = (regionId: string, overrides: Partial<NewDecisionRecord> = {}) => newDecisionRecord({ regionId, ...overrides });

describe('createDecisionRecord', () => {
  it('when 30 votes close at the same moment, then their records are numbered 1 to 30 without gaps or duplicates', async () => {
    const regionId = freshRegion();
    const records = await Promise.all(Array.from({ length: 30 }, () => createDecisionRecord(store.models, newRecord(regionId))));
    expect(records.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(new Set(records.map((r) => r.id)).size).toBe(30);
    const seventh = records.find((r) => r.seq === 7)!;
    expect(seventh).toMatchObject({ id: 'BB-2026-007', number: 'BB-2026/007', year: 2026 });
    expect(await findDecision(store.models, regionId, 'BB-2026-007')).toEqual(seventh);
    expect((await listDecisions(store.models, regionId)).map((r) => r.seq)).toEqual(Array.from({ length: 30 }, (_, i) => 30 - i));
  });

  it('when the same vote is recorded several times at once, then there is one record and every call returns it', async () => {
    const regionId = freshRegion();
    const input = newRecord(regionId, { voteId: 'v-twice' });
    // Ten calls for the vote, interleaved with ten for other votes competing for the same numbers.
    const calls = Array.from({ length: 20 }, (_, i) => createDecisionRecord(store.models, i % 2 === 0 ? input : newRecord(regionId)));
    const results = await Promise.all(calls);
    const same = results.filter((_, i) => i % 2 === 0);
    expect(new Set(same.map((r) => JSON.stringify(r))).size).toBe(1);
    const stored = await listDecisions(store.models, regionId);
    expect(stored.map((r) => r.seq)).toEqual(Array.from({ length: 11 }, (_, i) => 11 - i));
    expect(stored.filter((r) => r.voteId === 'v-twice')).toEqual([same[0]]);
    // A later retry (the activity again) finds the first record as well.
    expect(await createDecisionRecord(store.models, { ...input, text: 'anders' })).toEqual(same[0]);
  });

  it('when a decision falls in a new Berlin year, then its numbers start at 1 again', async () => {
    const regionId = freshRegion();
    await createDecisionRecord(store.models, newRecord(regionId, { decidedAt: '2026-12-31T12:00:00.000Z' }));
    const lateNewYearsEve = await createDecisionRecord(store.models, newRecord(regionId, { decidedAt: '2026-12-31T23:30:00.000Z' }));
    const second = await createDecisionRecord(store.models, newRecord(regionId, { decidedAt: '2027-01-02T09:00:00.000Z' }));
    // 23:30 UTC on New Year's Eve is already 2027 in Berlin.
    expect(lateNewYearsEve).toMatchObject({ id: 'BB-2027-001', year: 2027, seq: 1 });
    expect(second).toMatchObject({ id: 'BB-2027-002', number: 'BB-2027/002' });
    expect((await listDecisions(store.models, regionId, { year: 2026 })).map((r) => r.id)).toEqual(['BB-2026-001']);
    expect((await listDecisions(store.models, regionId)).map((r) => r.id)).toEqual(['BB-2027-002', 'BB-2027-001', 'BB-2026-001']);
  });

  it('when two regions use the same board code, then each numbers its own decisions', async () => {
    const [one, two] = [freshRegion(), freshRegion()];
    const a = await createDecisionRecord(store.models, newRecord(one));
    const b = await createDecisionRecord(store.models, newRecord(two));
    expect([a.id, b.id]).toEqual(['BB-2026-001', 'BB-2026-001']);
    expect(await findDecision(store.models, one, a.id)).toMatchObject({ regionId: one, voteId: a.voteId });
    expect(await findDecision(store.models, two, a.id)).toMatchObject({ regionId: two, voteId: b.voteId });
  });

  it('when the dossier holds arrays in arrays, then the record gives it back unchanged', async () => {
    const regionId = freshRegion();
    const dossier = {
      hash: 'a'.repeat(64),
      content: {
        options: [{ title: 'Lotsen', cost: 180000 }],
        table: [
          [2024, 27.4],
          [2025, null, ['x', [1, 2]]],
        ],
        nested: { rows: [[{ a: 1 }]] },
      },
    };
    const created = await createDecisionRecord(
      store.models,
      newRecord(regionId, { dossier, subject: { ...newRecord(regionId).subject, kind: 'mandate-decision', mandateId: 'm1' } }),
    );
    expect(created.dossier).toEqual(dossier);
    expect((await findDecision(store.models, regionId, created.id))!.dossier).toEqual(dossier);
    expect((await listDecisions(store.models, regionId, { mandateId: 'm1' })).map((r) => r.dossier)).toEqual([dossier]);
    expect(await listDecisions(store.models, regionId, { mandateId: 'm2' })).toEqual([]);
  });
});

describe('correctDecision', () => {
  it('when two corrections of one record race, then exactly one lands and the numbers stay without gaps', async () => {
    const regionId = freshRegion();
    const original = await createDecisionRecord(store.models, newRecord(regionId));
    const results = await Promise.allSettled(
      [1, 2, 3, 4].map((n) => correctDecision(store.models, regionId, original.id, { reason: `Fassung ${n}` }, chair, '2026-03-12T08:00:00.000Z')),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) expect(r.reason).toMatchObject({ code: 'decision_corrected' });
    expect(await correctionsOf(store.models, regionId, original.id)).toHaveLength(1);
    expect((await listDecisions(store.models, regionId, {})).map((d) => d.seq).sort()).toEqual([1, 2]);
  });

  it('when a decision is corrected, then a new record references it and the old one stays as it was', async () => {
    const regionId = freshRegion();
    const original = await createDecisionRecord(store.models, newRecord(regionId, { rationale: 'Begründung' }));
    const corrected = await correctDecision(
      store.models,
      regionId,
      original.id,
      {
        text: 'Der Beirat empfiehlt, die Schulsozialarbeit an allen Schulen auszubauen.',
        dissent: [{ memberId: 'demo-board1', name: 'Bernd', text: 'zu teuer' }],
        reason: 'Schreibfehler',
      },
      chair,
      '2026-03-12T08:00:00.000Z',
    );
    expect(corrected).toMatchObject({
      id: 'BB-2026-002',
      corrects: original.id,
      correctionReason: 'Schreibfehler',
      voteId: null,
      text: 'Der Beirat empfiehlt, die Schulsozialarbeit an allen Schulen auszubauen.',
      rationale: 'Begründung',
      dissent: [{ memberId: 'demo-board1', name: 'Bernd', text: 'zu teuer' }],
      tally: original.tally,
      votes: original.votes,
      result: 'approved',
      decidedAt: original.decidedAt,
      recordedAt: '2026-03-12T08:00:00.000Z',
      recordedBy: chair,
    });
    expect(await findDecision(store.models, regionId, original.id)).toEqual(original);
    expect(await correctionsOf(store.models, regionId, original.id)).toEqual([corrected.id]);
    expect(await correctionsOf(store.models, regionId, corrected.id)).toEqual([]);

    // The corrected version is no longer the one to correct; the latest is.
    await expect(correctDecision(store.models, regionId, original.id, { reason: 'nochmal' }, chair, '2026-03-13T08:00:00.000Z')).rejects.toMatchObject({
      status: 409,
      code: 'decision_corrected',
    });
    const again: DecisionRecord = await correctDecision(
      store.models,
      regionId,
      corrected.id,
      { rationale: null, reason: 'ohne Begründung' },
      chair,
      '2026-03-13T08:00:00.000Z',
    );
    expect(again).toMatchObject({ seq: 3, corrects: corrected.id, rationale: null, text: corrected.text });
  });

  it('when the decision is not the region’s, then correcting it is a 404', async () => {
    const regionId = freshRegion();
    const original = await createDecisionRecord(store.models, newRecord(regionId));
    await expect(correctDecision(store.models, freshRegion(), original.id, { reason: 'x' }, chair, '2026-03-13T08:00:00.000Z')).rejects.toMatchObject({
      status: 404,
    });
  });
});
