/**
 * `data_provider`: a person outside the office (a school, the youth office, the
 * statistics office) who answers the data requests addressed to them and sees
 * nothing else of the region.
 */
export const ROLES = ['board_member', 'board_chair', 'office_staff', 'office_lead', 'manager', 'admin', 'data_provider'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Roles that include others: the chair is also a voting board member, the
 * office lead is also office staff. Policies check effective roles only.
 */
const IMPLIED: Partial<Record<Role, readonly Role[]>> = {
  board_chair: ['board_member'],
  office_lead: ['office_staff'],
};

export function effectiveRoles(roles: readonly Role[]): Set<Role> {
  const result = new Set<Role>(roles);
  for (const role of roles) for (const implied of IMPLIED[role] ?? []) result.add(implied);
  return result;
}

/** Voting members of a board are its members and its chair. */
export function isVotingMember(roles: readonly Role[]): boolean {
  return effectiveRoles(roles).has('board_member');
}

/** The person taking an action, with their roles in the mandate's region. */
export interface Actor {
  id: string;
  name: string;
  roles: Role[];
}

export interface PersonRef {
  id: string;
  name: string;
}

/** A member whose only business in the region is answering their own data requests. */
export function isOnlyDataProvider(roles: readonly Role[]): boolean {
  return roles.length > 0 && roles.every((role) => role === 'data_provider');
}
