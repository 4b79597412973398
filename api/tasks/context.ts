import { ValidationError } from '../../domain/errors';
import { effectiveRoles, type PersonRef, type Role } from '../../domain/roles';
import { standingInFor } from '../../domain/tasks/absences';
import type { TaskActor } from '../../domain/tasks/task';
import { berlinDate } from '../../domain/time';
import { listCurrentAbsences, type AbsenceRecord } from '../../store/absences';
import type { Models } from '../../store/models';
import { getTaskSettings } from '../../store/tasks';
import { findUserById } from '../../store/users';
import { actorInRegion, type Caller } from '../auth/authenticate';
import type { TaskView } from '../presenters/task';

export interface TaskContext {
  actor: TaskActor;
  view: TaskView;
  absences: AbsenceRecord[];
}

/** The caller as a task actor in a region, standing in for today's absent colleagues, and what presenting needs. */
export async function taskContext(models: Models, caller: Caller, regionId: string): Promise<TaskContext> {
  const actor = actorInRegion(caller, regionId);
  const now = new Date().toISOString();
  const [absences, settings] = await Promise.all([listCurrentAbsences(models, regionId, berlinDate(now)), getTaskSettings(models, regionId)]);
  const actingFor = standingInFor(actor.id, absences, berlinDate(now));
  return { actor: { ...actor, actingFor }, view: { now, absences, dueSoonDays: settings.dueSoonDays }, absences };
}

/** A member of the region with a role (effective roles), as a person; 422 naming the field otherwise. */
export async function regionMember(models: Models, regionId: string, userId: string, role: Role, field: string): Promise<PersonRef> {
  const user = await findUserById(models, userId);
  const roles = user?.memberships.find((m) => m.regionId === regionId)?.roles ?? [];
  if (!user || !effectiveRoles(roles).has(role)) {
    throw new ValidationError([{ field, code: 'not_a_member', message: `is not a member of this region with the role ${role}`, params: { role } }]);
  }
  return { id: user.id, name: user.name };
}
