import { ForbiddenError } from '../errors';
import { effectiveRoles, type Actor, type Role } from '../roles';

/** Who runs votes: opens them, closes a meeting vote, records a show of hands. The chair and the office lead. */
export const VOTE_RUNNERS: readonly Role[] = ['board_chair', 'office_lead'];
/** Extending a deadline (and so reopening an unresolved vote) is the chair's alone, as in the skeleton. */
export const VOTE_EXTENDERS: readonly Role[] = ['board_chair'];
/** Who may read votes: everybody of the region except external data providers. */
export const VOTE_READERS: readonly Role[] = ['board_member', 'board_chair', 'office_staff', 'office_lead', 'manager', 'admin'];

const hasAny = (actor: Pick<Actor, 'roles'>, roles: readonly Role[]) => {
  const held = effectiveRoles(actor.roles);
  return roles.some((role) => held.has(role));
};

export function canRunVotes(actor: Pick<Actor, 'roles'>): boolean {
  return hasAny(actor, VOTE_RUNNERS);
}

export function assertCanRunVotes(actor: Pick<Actor, 'roles'>, what: string): void {
  if (!canRunVotes(actor)) throw new ForbiddenError(`Only the chair or the office lead may ${what}.`);
}

export function assertCanExtendVotes(actor: Pick<Actor, 'roles'>): void {
  if (!hasAny(actor, VOTE_EXTENDERS)) throw new ForbiddenError('Only the chair may extend a vote.');
}

export function assertCanReadVotes(actor: Pick<Actor, 'roles'>): void {
  if (!hasAny(actor, VOTE_READERS)) throw new ForbiddenError('Your role does not show the board’s votes.');
}

/** Recording someone else's recusal: the chair or the office lead (in a meeting, from the minutes). */
export function assertCanRecordRecusalFor(actor: Actor, memberId: string): void {
  if (actor.id === memberId) return;
  if (!canRunVotes(actor)) throw new ForbiddenError('Only the member themselves, the chair or the office lead may record a recusal.');
}
