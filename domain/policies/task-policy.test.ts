import fc from 'fast-check';
import { ROLES, type Role } from '../roles';
import { AppError } from '../errors';
import { TASK_STATUSES, type TaskStatus } from '../tasks/types';
import { TASK_POLICY_ACTIONS, allowedTaskActions, assertCanTakeTaskAction, type TaskPolicySubject } from './task-policy';

const me = { id: 'me', name: 'Me' };
const colleague = { id: 'colleague', name: 'Colleague' };
const absentee = { id: 'absentee', name: 'Absent' };

function outcome(
  roles: Role[],
  action: (typeof TASK_POLICY_ACTIONS)[number],
  task: TaskPolicySubject,
  actingFor = [] as { id: string; name: string }[],
): number {
  try {
    assertCanTakeTaskAction({ id: me.id, roles, actingFor }, { action }, task);
    return 200;
  } catch (error) {
    return (error as AppError).status;
  }
}

const subject = (status: TaskStatus, overrides: Partial<TaskPolicySubject> = {}): TaskPolicySubject => ({
  status,
  assignee: status === 'open' ? null : colleague,
  candidateRole: 'office_staff',
  completedBy: status === 'in_review' || status === 'done' ? colleague : null,
  ...overrides,
});

const roleSets = fc.subarray([...ROLES], { minLength: 1 });

describe('four eyes', () => {
  it('whoever completed the work can never approve or reject it, whatever roles they hold', () => {
    fc.assert(
      fc.property(roleSets, fc.constantFrom('approve' as const, 'reject' as const), (roles, action) => {
        const task = subject('in_review', { assignee: me, completedBy: me });
        expect(outcome(roles, action, task)).toBe(403);
        expect(allowedTaskActions({ id: me.id, roles, actingFor: [] }, task)).not.toContain(action);
      }),
    );
  });

  it('another office member may review; nobody else may', () => {
    fc.assert(
      fc.property(roleSets, (roles) => {
        const office = roles.some((r) => r === 'office_staff' || r === 'office_lead');
        expect(outcome(roles, 'approve', subject('in_review'))).toBe(office ? 200 : 403);
      }),
    );
  });
});

describe('task policy', () => {
  it('only office staff work on tasks at all', () => {
    for (const role of ROLES) {
      const office = role === 'office_staff' || role === 'office_lead';
      for (const action of ['claim', 'complete', 'delegate', 'unclaim'] as const) {
        const task = action === 'claim' ? subject('open') : subject('claimed', { assignee: me });
        expect([role, action, outcome([role], action, task)]).toEqual([role, action, office ? 200 : 403]);
      }
    }
  });

  it('finished tasks take no action: 409 for office staff', () => {
    for (const status of ['done', 'cancelled'] as const) {
      for (const action of TASK_POLICY_ACTIONS) expect(outcome(['office_lead'], action, subject(status, { assignee: me }))).toBe(409);
      expect(allowedTaskActions({ id: me.id, roles: ['office_lead'], actingFor: [] }, subject(status))).toEqual([]);
    }
  });

  it('a claimed task is claimed once: the second claim is a conflict', () => {
    expect(outcome(['office_staff'], 'claim', subject('open'))).toBe(200);
    expect(outcome(['office_staff'], 'claim', subject('claimed'))).toBe(409);
  });

  it('a task for the lead can be claimed only by a lead', () => {
    const task = subject('open', { candidateRole: 'office_lead' });
    expect(outcome(['office_staff'], 'claim', task)).toBe(403);
    expect(outcome(['office_lead'], 'claim', task)).toBe(200);
  });

  it('only the holder (or their substitute) completes or delegates; the lead assigns, cancels and changes', () => {
    const held = subject('claimed', { assignee: colleague });
    expect(outcome(['office_staff'], 'complete', held)).toBe(403);
    expect(outcome(['office_lead'], 'complete', held)).toBe(403);
    expect(outcome(['office_staff'], 'complete', held, [colleague])).toBe(200);
    expect(outcome(['office_staff'], 'delegate', subject('claimed', { assignee: absentee }), [absentee])).toBe(200);
    expect(outcome(['office_staff'], 'assign', held)).toBe(403);
    expect(outcome(['office_lead'], 'assign', held)).toBe(200);
    expect(outcome(['office_lead'], 'cancel', held)).toBe(200);
    expect(outcome(['office_staff'], 'cancel', held)).toBe(403);
    expect(allowedTaskActions({ id: me.id, roles: ['office_staff'], actingFor: [] }, subject('claimed', { assignee: me }))).toEqual([
      'unclaim',
      'delegate',
      'complete',
      'update',
    ]);
  });

  it('the holder may move only the follow-up date', () => {
    const mine = subject('claimed', { assignee: me });
    const update = (payload: object) => {
      try {
        assertCanTakeTaskAction({ id: me.id, roles: ['office_staff'], actingFor: [] }, { action: 'update', payload }, mine);
        return 200;
      } catch (error) {
        return (error as AppError).status;
      }
    };
    expect(update({ followUpDate: '2027-01-01' })).toBe(200);
    expect(update({ followUpDate: '2027-01-01', dueDate: '2027-02-01' })).toBe(403);
  });

  it('every refusal is a 403 or a 409 with the task status and what is allowed', () => {
    fc.assert(
      fc.property(roleSets, fc.constantFrom(...TASK_POLICY_ACTIONS), fc.constantFrom(...TASK_STATUSES), fc.boolean(), (roles, action, status, mine) => {
        const task = subject(status, mine && status !== 'open' ? { assignee: me } : {});
        try {
          assertCanTakeTaskAction({ id: me.id, roles, actingFor: [] }, { action }, task);
          expect(allowedTaskActions({ id: me.id, roles, actingFor: [] }, task)).toContain(action);
        } catch (error) {
          const e = error as AppError;
          expect([403, 409]).toContain(e.status);
          if (e.status === 409) expect(e.extras).toMatchObject({ taskStatus: status, allowedActions: expect.any(Array) });
          expect(allowedTaskActions({ id: me.id, roles, actingFor: [] }, task)).not.toContain(action);
        }
      }),
    );
  });
});
