import type { MandateEvent, MandateSnapshot } from '../domain/mandate';
import type { PersonRef } from '../domain/roles';
import type { Models } from '../store/models';
import { saveMandateProjection } from '../store/mandates';
import { planTasks, type TaskPhase } from '../domain/tasks/templates';
import type { NewTask, TaskSnapshot } from '../domain/tasks/task';
import { getTaskSettings, getTaskTemplates, saveTaskProjection } from '../store/tasks';
import { listVotingMembers } from '../store/users';
import { listIndicators } from '../store/monitoring';

export interface SaveMandateInput {
  /** The state without its audit trail: the history carries each event once, in the call that adds it. */
  snapshot: MandateSnapshot;
  newEvents: MandateEvent[];
  /** The update id that produced the change (the Idempotency-Key), for the audit trail. */
  updateId: string | null;
  /** Tasks created in this change: their first read model is written with the mandate's, so both show at once. */
  newTasks?: TaskSnapshot[];
}

/** Side effects of the mandate workflow; the only code of it that touches MongoDB. */
export function createMandateActivities(models: Models) {
  return {
    /** Writes the read model and appends the audit events; idempotent, so retries are safe. */
    async saveMandate({ snapshot, newEvents, updateId, newTasks = [] }: SaveMandateInput): Promise<void> {
      await Promise.all(newTasks.map((task) => saveTaskProjection(models, task, [], null)));
      await saveMandateProjection(models, snapshot, newEvents, updateId);
    },

    /** The tasks a mandate gets on entering a phase, from its region's templates and settings. */
    async planPhaseTasks({ mandate, phase, at }: { mandate: MandateSnapshot; phase: TaskPhase; at: string }): Promise<NewTask[]> {
      const [templates, settings, catalogue] = await Promise.all([
        getTaskTemplates(models, mandate.regionId),
        getTaskSettings(models, mandate.regionId),
        listIndicators(models, mandate.regionId),
      ]);
      const indicatorNames = Object.fromEntries(catalogue.map((indicator) => [indicator.key, indicator.name.de]));
      return planTasks({ mandate, phase, templates, settings, at, indicatorNames });
    },

    /** The electorate of a vote: the region's board members and chair at the moment it opens. */
    async loadElectorate(regionId: string): Promise<PersonRef[]> {
      return listVotingMembers(models, regionId);
    },
  };
}

export type MandateActivities = ReturnType<typeof createMandateActivities>;
