import fc from 'fast-check';
import { quorumOf, resolveVote, tallyVote, allVoted, type Ballot, type VoteState } from './votes';
import type { VoteChoice } from './fields';

const voters = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `u${i}`, name: `User ${i}` }));

function vote(kind: VoteState['kind'], electorate: number, choices: Array<{ choice: VoteChoice; optionId?: string }>): VoteState {
  const people = voters(electorate);
  const ballots: Ballot[] = choices.map((c, i) => ({ voter: people[i]!, choice: c.choice, optionId: c.optionId ?? null, castAt: '2026-01-01T00:00:00.000Z' }));
  return {
    id: 'v1',
    kind,
    status: 'open',
    unresolvedReason: null,
    openedAt: '2026-01-01T00:00:00.000Z',
    deadline: '2026-01-15T00:00:00.000Z',
    voters: people,
    ballots,
  };
}

const approvalChoice = fc.constantFrom<VoteChoice>('yes', 'no', 'abstain');
const decisionChoice = (optionIds: string[]) =>
  fc.oneof(
    fc.constantFrom(...optionIds).map((optionId) => ({ choice: 'option' as VoteChoice, optionId })),
    fc.constantFrom<VoteChoice>('revise', 'reject', 'abstain').map((choice) => ({ choice, optionId: undefined as string | undefined })),
  );

describe('quorum', () => {
  it('when more than half of the voting members cast a vote (abstentions count), then the quorum is reached', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.nat(), (electorate, castSeed) => {
        const cast = castSeed % (electorate + 1);
        const q = quorumOf(
          vote(
            'approval',
            electorate,
            Array.from({ length: cast }, () => ({ choice: 'abstain' as VoteChoice })),
          ),
        );
        expect(q.cast).toBe(cast);
        expect(q.reached).toBe(cast * 2 > electorate);
        expect(q.required).toBe(Math.floor(electorate / 2) + 1);
      }),
    );
  });

  it('when exactly half voted in an even board, then there is no quorum', () => {
    expect(quorumOf(vote('approval', 4, [{ choice: 'yes' }, { choice: 'yes' }])).reached).toBe(false);
    expect(quorumOf(vote('approval', 4, [{ choice: 'yes' }, { choice: 'yes' }, { choice: 'no' }])).reached).toBe(true);
  });
});

describe('resolveVote — approval', () => {
  it('when quorum is reached, then yes > no approves and anything else does not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 15 }), fc.array(approvalChoice, { maxLength: 15 }), (electorate, raw) => {
        const choices = raw.slice(0, electorate).map((choice) => ({ choice }));
        const v = vote('approval', electorate, choices);
        const yes = choices.filter((c) => c.choice === 'yes').length;
        const no = choices.filter((c) => c.choice === 'no').length;
        const expected = choices.length * 2 <= electorate ? 'no_quorum' : yes > no ? 'approved' : 'not_approved';
        expect(resolveVote(v, []).result).toBe(expected);
      }),
    );
  });

  it('when everyone abstains, then the mandate is not approved', () => {
    expect(resolveVote(vote('approval', 3, [{ choice: 'abstain' }, { choice: 'abstain' }]), []).result).toBe('not_approved');
  });
});

describe('resolveVote — decision', () => {
  const optionIds = ['o1', 'o2', 'o3'];

  it('when one choice has more votes than every other, then it wins; otherwise a tie; without quorum nothing', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.array(decisionChoice(optionIds), { maxLength: 12 }), (electorate, raw) => {
        const choices = raw.slice(0, electorate);
        const v = vote('decision', electorate, choices);
        const counts = new Map<string, number>();
        for (const c of choices) if (c.choice !== 'abstain') counts.set(c.optionId ?? c.choice, (counts.get(c.optionId ?? c.choice) ?? 0) + 1);
        const top = Math.max(0, ...counts.values());
        const leaders = [...counts].filter(([, n]) => n === top).map(([k]) => k);
        const outcome = resolveVote(v, optionIds);
        if (choices.length * 2 <= electorate) return expect(outcome.result).toBe('no_quorum');
        if (top === 0 || leaders.length > 1) return expect(outcome.result).toBe('tie');
        const winner = leaders[0]!;
        if (winner.startsWith('o')) expect(outcome).toEqual({ result: 'option', optionId: winner });
        else expect(outcome.result).toBe(winner);
      }),
    );
  });

  it('when revise and an option are level, then the vote is a tie', () => {
    const v = vote('decision', 4, [{ choice: 'option', optionId: 'o1' }, { choice: 'revise' }, { choice: 'abstain' }]);
    expect(resolveVote(v, optionIds).result).toBe('tie');
  });

  it('tallies every option, then revise, reject and abstain, in that order', () => {
    const v = vote('decision', 5, [{ choice: 'option', optionId: 'o2' }, { choice: 'option', optionId: 'o2' }, { choice: 'reject' }]);
    expect(tallyVote(v, optionIds)).toEqual([
      { choice: 'option', optionId: 'o1', count: 0 },
      { choice: 'option', optionId: 'o2', count: 2 },
      { choice: 'option', optionId: 'o3', count: 0 },
      { choice: 'revise', count: 0 },
      { choice: 'reject', count: 1 },
      { choice: 'abstain', count: 0 },
    ]);
  });
});

describe('allVoted', () => {
  it('is true only when every member of the electorate has a ballot', () => {
    expect(allVoted(vote('approval', 3, [{ choice: 'yes' }, { choice: 'no' }]))).toBe(false);
    expect(allVoted(vote('approval', 3, [{ choice: 'yes' }, { choice: 'no' }, { choice: 'abstain' }]))).toBe(true);
  });
});
