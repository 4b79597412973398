import fc from 'fast-check';
import { ACTIONS, PHASES, type Action, type Phase } from '../phases';
import { ROLES, type Role } from '../roles';
import { AppError } from '../errors';
import { allowedActions, assertCanTakeAction, canCreateMandate, type PolicySubject } from './mandate-policy';

/** The action table, written out independently of the implementation. */
const TABLE: Record<Action, { phases: Phase[]; roles: Role[] }> = {
  submit: { phases: ['draft'], roles: ['office_lead', 'board_chair'] },
  vote: { phases: ['approval', 'decision'], roles: ['board_member', 'board_chair'] },
  'extend-vote': { phases: ['approval', 'decision'], roles: ['board_chair'] },
  'add-option': { phases: ['preparation'], roles: ['office_staff', 'office_lead'] },
  'record-data': { phases: ['preparation', 'evaluation'], roles: ['office_staff', 'office_lead'] },
  'submit-dossier': { phases: ['preparation'], roles: ['office_lead'] },
  'report-progress': { phases: ['implementation'], roles: ['office_staff', 'office_lead'] },
  'complete-implementation': { phases: ['implementation'], roles: ['office_lead'] },
  close: { phases: ['evaluation'], roles: ['office_lead'] },
  withdraw: { phases: ['draft', 'approval', 'preparation', 'decision', 'implementation', 'evaluation'], roles: ['board_chair'] },
};

const actorWith = (roles: Role[]) => ({ id: 'me', roles });

function subject(phase: Phase, voteStatus: 'open' | 'unresolved' = 'open', inElectorate = true): PolicySubject {
  const hasVote = phase === 'approval' || phase === 'decision';
  return { phase, vote: hasVote ? { status: voteStatus, voters: inElectorate ? [{ id: 'me', name: 'Me' }] : [] } : null };
}

function outcome(roles: Role[], action: Action, s: PolicySubject): number {
  try {
    assertCanTakeAction(actorWith(roles), action, s);
    return 200;
  } catch (error) {
    return (error as AppError).status;
  }
}

describe('mandate policy: every role × action × phase', () => {
  for (const role of ROLES) {
    for (const action of ACTIONS) {
      for (const phase of PHASES) {
        const { phases, roles } = TABLE[action];
        const expected = !roles.includes(role) ? 403 : !phases.includes(phase) ? 409 : 200;
        it(`${role} ${action} in ${phase} → ${expected}`, () => {
          expect(outcome([role], action, subject(phase))).toBe(expected);
          expect(allowedActions(actorWith([role]), subject(phase)).includes(action)).toBe(expected === 200);
        });
      }
    }
  }
});

describe('mandate policy: votes', () => {
  it('when the vote is unresolved, then members cannot vote (409) but the chair can extend', () => {
    expect(outcome(['board_member'], 'vote', subject('approval', 'unresolved'))).toBe(409);
    expect(outcome(['board_chair'], 'extend-vote', subject('decision', 'unresolved'))).toBe(200);
  });

  it('when a board member is not in the electorate of the open vote, then voting is forbidden', () => {
    expect(outcome(['board_member'], 'vote', subject('approval', 'open', false))).toBe(403);
  });

  it('when a 409 is raised, then it names the phase and the actions the caller may take', () => {
    try {
      assertCanTakeAction(actorWith(['board_chair']), 'submit', subject('approval'));
      throw new Error('expected a conflict');
    } catch (error) {
      expect(error).toMatchObject({ status: 409, extras: { phase: 'approval', allowedActions: ['vote', 'extend-vote', 'withdraw'] } });
    }
  });
});

describe('mandate policy: combined roles', () => {
  it('when a person holds several roles, then they may do what any one of them allows', () => {
    fc.assert(
      fc.property(fc.subarray([...ROLES], { minLength: 1 }), fc.constantFrom(...ACTIONS), fc.constantFrom(...PHASES), (roles, action, phase) => {
        const allowedByAny = roles.some((role) => outcome([role], action, subject(phase)) === 200);
        expect(outcome(roles, action, subject(phase)) === 200).toBe(allowedByAny);
      }),
    );
  });

  it('only the office lead and the board chair create mandates', () => {
    for (const role of ROLES) expect(canCreateMandate({ roles: [role] })).toBe(role === 'office_lead' || role === 'board_chair');
  });
});
