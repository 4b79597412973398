import { ConflictError, ForbiddenError, type AppError } from '../errors';
import { effectiveRoles, type PersonRef, type Role } from '../roles';
import type { CandidateRole, TaskStatus, TaskType } from '../tasks/types';

/**
 * The one place that knows who may do what with a task. The API's fast check,
 * the task workflow's update validator and every presented task's
 * `allowedActions` call these functions. Four eyes is enforced here: whoever
 * completed a task can never approve or reject it, whatever their roles.
 */
export const TASK_POLICY_ACTIONS = ['claim', 'unclaim', 'assign', 'delegate', 'complete', 'approve', 'reject', 'cancel', 'update'] as const;
type PolicyAction = (typeof TASK_POLICY_ACTIONS)[number];

export interface TaskPolicyActor {
  id: string;
  roles: readonly Role[];
  /** The absent colleagues this actor stands in for right now. */
  actingFor: readonly PersonRef[];
}

export interface TaskPolicySubject {
  /** Absent in callers that predate data providers; they see no data requests then. */
  type?: TaskType;
  status: TaskStatus;
  assignee: PersonRef | null;
  candidateRole: CandidateRole | null;
  completedBy: PersonRef | null;
}

/** The parts of a command the policy looks at: the action, and for `update` which fields change. */
export interface TaskPolicyCommand {
  action: PolicyAction;
  payload?: unknown;
}

const WORKING: readonly TaskStatus[] = ['open', 'claimed'];
/** A holder may move their own follow-up date; everything else about a task is the lead's to change. */
const HOLDER_UPDATABLE = new Set(['followUpDate']);

const isOffice = (actor: TaskPolicyActor) => effectiveRoles(actor.roles).has('office_staff');
const isProvider = (actor: TaskPolicyActor) => effectiveRoles(actor.roles).has('data_provider');

/** A data provider's only business: answering (completing) a data request addressed to them. */
function providerDenial(actor: TaskPolicyActor, command: TaskPolicyCommand, task: TaskPolicySubject): AppError | null {
  if (task.type !== 'data-request' || !holds(actor, task) || command.action !== 'complete') {
    return forbidden('Data providers answer the data requests addressed to them, nothing else.');
  }
  if (task.status === 'done' || task.status === 'cancelled') return conflict('task_closed', `The task is ${task.status}; nothing more can be done with it.`);
  if (task.status !== 'claimed') return conflict('task_in_review', 'The answer waits for review.');
  return null;
}
const isLead = (actor: TaskPolicyActor) => effectiveRoles(actor.roles).has('office_lead');

function holds(actor: TaskPolicyActor, task: TaskPolicySubject): boolean {
  const assignee = task.assignee;
  return assignee !== null && (assignee.id === actor.id || actor.actingFor.some((p) => p.id === assignee.id));
}

const forbidden = (message: string) => new ForbiddenError(message);
const conflict = (code: string, message: string) => new ConflictError(code, message);

/** Why the actor may not take the action now, or null when they may. 403: never for this person; 409: not in this state. */
function denial(actor: TaskPolicyActor, command: TaskPolicyCommand, task: TaskPolicySubject): AppError | null {
  if (!isOffice(actor) && isProvider(actor)) return providerDenial(actor, command, task);
  if (!isOffice(actor) && command.action !== 'approve' && command.action !== 'reject') {
    return forbidden('Only office staff work on tasks.');
  }
  const closed = task.status === 'done' || task.status === 'cancelled';
  if (closed) return conflict('task_closed', `The task is ${task.status}; nothing more can be done with it.`);
  switch (command.action) {
    case 'claim': {
      const role = task.candidateRole ?? 'office_staff';
      if (!effectiveRoles(actor.roles).has(role)) return forbidden(`Only members with the role '${role}' may claim this task.`);
      if (task.status !== 'open') return conflict('task_already_claimed', 'Someone has already claimed this task.');
      return null;
    }
    case 'unclaim':
      if (task.status !== 'claimed') return conflict('task_not_claimed', 'The task is not claimed.');
      if (!holds(actor, task) && !isLead(actor)) return forbidden('Only the person holding the task or the office lead may give it back.');
      return null;
    case 'assign':
      if (!isLead(actor)) return forbidden('Only the office lead assigns tasks.');
      if (!WORKING.includes(task.status)) return conflict('task_in_review', 'The task waits for review and cannot be reassigned.');
      return null;
    case 'delegate':
    case 'complete':
      if (task.status !== 'claimed') {
        return conflict(
          task.status === 'open' ? 'task_not_claimed' : 'task_in_review',
          task.status === 'open' ? 'Claim the task first.' : 'The task waits for review.',
        );
      }
      if (!holds(actor, task)) return forbidden('Only the person holding the task (or their substitute) may do this.');
      return null;
    case 'approve':
    case 'reject':
      // Four eyes first, so that no other role (admin included) can outweigh it.
      if (task.completedBy?.id === actor.id) return forbidden('You completed this task; a second person has to review it (four eyes).');
      if (!isOffice(actor)) return forbidden('Only office staff review tasks.');
      if (task.status !== 'in_review') return conflict('task_not_in_review', 'The task is not waiting for review.');
      return null;
    case 'cancel':
      if (!isLead(actor)) return forbidden('Only the office lead cancels tasks.');
      return null;
    case 'update': {
      if (isLead(actor)) return null;
      const fields = command.payload && typeof command.payload === 'object' ? Object.keys(command.payload) : ['followUpDate'];
      if (holds(actor, task) && fields.every((field) => HOLDER_UPDATABLE.has(field))) return null;
      return forbidden(
        holds(actor, task) ? 'You may change only the follow-up date; ask the office lead for other changes.' : 'Only the office lead changes tasks.',
      );
    }
  }
}

/** The actions the actor may take on the task now. */
export function allowedTaskActions(actor: TaskPolicyActor, task: TaskPolicySubject): PolicyAction[] {
  return TASK_POLICY_ACTIONS.filter((action) => denial(actor, { action }, task) === null);
}

/** Throws 403 when the person may not do this, 409 (naming the status and what is allowed) when the task's state forbids it. */
export function assertCanTakeTaskAction(actor: TaskPolicyActor, command: TaskPolicyCommand, task: TaskPolicySubject): void {
  const error = denial(actor, command, task);
  if (!error) return;
  if (error.status !== 409) throw error;
  throw new ConflictError(error.code, error.message, { taskStatus: task.status, allowedActions: allowedTaskActions(actor, task) });
}

/** Who may create tasks by hand (ad-hoc, with or without a mandate). */
export function assertCanCreateTask(actor: Pick<TaskPolicyActor, 'roles'>): void {
  if (!effectiveRoles(actor.roles).has('office_lead')) throw new ForbiddenError('Only the office lead creates tasks by hand.');
}

/** Who sees the whole region's work (all tasks, overdue of everyone). */
export function seesAllTasks(roles: readonly Role[]): boolean {
  const own = effectiveRoles(roles);
  return own.has('office_lead') || own.has('manager') || own.has('admin');
}

/** Who may change a region's task settings and templates. */
export function assertCanConfigureTasks(roles: readonly Role[]): void {
  const own = effectiveRoles(roles);
  if (!own.has('office_lead') && !own.has('admin')) throw new ForbiddenError('Only the office lead or an admin changes task settings.');
}
