import type { NewDecisionRecord } from '../../store/decisions';

const chair = { id: 'demo-chair', name: 'Clara Vorsitz' };
let votes = 0;

/**
 * A decision as a closing vote hands it to createDecisionRecord: a written
 * yes/no vote of the demo board, carried 3 : 1. Each call has a vote of its
 * own; the overrides change what a test is about.
 */
export function newDecisionRecord(overrides: Partial<NewDecisionRecord> = {}): NewDecisionRecord {
  return {
    regionId: 'demo',
    boardCode: 'BB',
    voteId: `v-test-${++votes}-${Math.random().toString(36).slice(2, 8)}`,
    subject: { kind: 'item', mandateId: null, meetingId: null, itemId: null, title: 'Schulsozialarbeit ausbauen', motion: 'Der Beirat empfiehlt …' },
    text: 'Der Beirat empfiehlt, die Schulsozialarbeit auszubauen.',
    result: 'approved',
    optionId: null,
    optionTitle: null,
    tally: [
      { choice: 'yes', count: 3 },
      { choice: 'no', count: 1 },
      { choice: 'abstain', count: 0 },
    ],
    quorum: { seats: 5, recused: 0, eligible: 5, required: 3, participating: 4, reached: true },
    castingVote: false,
    mode: 'written',
    secret: false,
    votes: [{ memberId: 'demo-chair', name: 'Clara Vorsitz', castBy: chair, choice: 'yes', optionId: null }],
    participants: [chair],
    recusals: [],
    rationale: null,
    dissent: [],
    dossier: null,
    decidedAt: '2026-03-10T10:00:00.000Z',
    recordedAt: '2026-03-10T10:00:01.000Z',
    recordedBy: null,
    corrects: null,
    correctionReason: null,
    ...overrides,
  };
}
