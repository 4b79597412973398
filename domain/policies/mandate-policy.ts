import { ACTIONS, ACTION_PHASES, type Action, type Phase } from '../phases';
import { effectiveRoles, isOnlyDataProvider, type Actor, type Role } from '../roles';
import { ConflictError, ForbiddenError, type AppError } from '../errors';
import type { VoteState } from '../votes';

/**
 * The one place that knows who may do what with a mandate. The API's fast
 * check, the workflow's update validator and every presented mandate's
 * `allowedActions` all call these functions.
 */
export const ACTION_ROLES: Readonly<Record<Action, readonly Role[]>> = {
  submit: ['office_lead', 'board_chair'],
  vote: ['board_member'],
  'extend-vote': ['board_chair'],
  'add-option': ['office_staff'],
  'record-data': ['office_staff'],
  'submit-dossier': ['office_lead'],
  'report-progress': ['office_staff'],
  'complete-implementation': ['office_lead'],
  close: ['office_lead'],
  withdraw: ['board_chair'],
};

export const CREATE_ROLES: readonly Role[] = ['office_lead', 'board_chair'];

/** What the policy needs to know of a mandate. */
export interface PolicySubject {
  phase: Phase;
  vote: Pick<VoteState, 'status' | 'voters'> | null;
}

function hasAnyRole(actor: Pick<Actor, 'roles'>, roles: readonly Role[]): boolean {
  const own = effectiveRoles(actor.roles);
  return roles.some((role) => own.has(role));
}

/** Everyone with a membership in the region may read its mandates, except data providers (who see only their own requests). */
export function canReadMandates(roles: readonly Role[]): boolean {
  return roles.length > 0 && !isOnlyDataProvider(roles);
}

export function canCreateMandate(actor: Pick<Actor, 'roles'>): boolean {
  return hasAnyRole(actor, CREATE_ROLES);
}

export function assertCanCreateMandate(actor: Pick<Actor, 'roles'>): void {
  if (!canCreateMandate(actor)) {
    throw new ForbiddenError('Only the office lead or the board chair may create mandates.');
  }
}

/** Why the actor may not take the action now, or null when they may. */
function denial(actor: Pick<Actor, 'id' | 'roles'>, action: Action, mandate: PolicySubject): AppError | null {
  if (!hasAnyRole(actor, ACTION_ROLES[action])) {
    return new ForbiddenError(`Your role does not allow the action '${action}'.`);
  }
  if (!ACTION_PHASES[action].includes(mandate.phase)) {
    return new ConflictError('action_not_allowed_in_phase', `The action '${action}' is not allowed in phase '${mandate.phase}'.`);
  }
  if (action === 'vote') {
    if (mandate.vote?.status !== 'open') {
      return new ConflictError('vote_not_open', 'The vote is closed; only the chair can reopen it by extending it.');
    }
    if (!mandate.vote.voters.some((voter) => voter.id === actor.id)) {
      return new ForbiddenError('You are not among the voting members of this vote.');
    }
  }
  return null;
}

/** The actions the actor may take on the mandate now. */
export function allowedActions(actor: Pick<Actor, 'id' | 'roles'>, mandate: PolicySubject): Action[] {
  return ACTIONS.filter((action) => denial(actor, action, mandate) === null);
}

/** Throws 403 for a role that may never take the action, 409 (naming phase and allowed actions) otherwise. */
export function assertCanTakeAction(actor: Pick<Actor, 'id' | 'roles'>, action: Action, mandate: PolicySubject): void {
  const error = denial(actor, action, mandate);
  if (!error) return;
  if (error.status !== 409) throw error;
  const allowed = allowedActions(actor, mandate);
  const hint = allowed.length > 0 ? `You may now: ${allowed.join(', ')}.` : 'You have no action available in this phase.';
  throw new ConflictError(error.code, `${error.message} ${hint}`, { phase: mandate.phase, allowedActions: allowed });
}
