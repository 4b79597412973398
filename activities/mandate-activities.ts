import type { MandateEvent, MandateSnapshot } from '../domain/mandate';
import type { PersonRef } from '../domain/roles';
import type { Models } from '../store/models';
import { saveMandateProjection } from '../store/mandates';
import { listVotingMembers } from '../store/users';

export interface SaveMandateInput {
  /** The state without its audit trail: the history carries each event once, in the call that adds it. */
  snapshot: MandateSnapshot;
  newEvents: MandateEvent[];
  /** The update id that produced the change (the Idempotency-Key), for the audit trail. */
  updateId: string | null;
}

/** Side effects of the mandate workflow; the only code of it that touches MongoDB. */
export function createMandateActivities(models: Models) {
  return {
    /** Writes the read model and appends the audit events; idempotent, so retries are safe. */
    async saveMandate({ snapshot, newEvents, updateId }: SaveMandateInput): Promise<void> {
      await saveMandateProjection(models, snapshot, newEvents, updateId);
    },

    /** The electorate of a vote: the region's board members and chair at the moment it opens. */
    async loadElectorate(regionId: string): Promise<PersonRef[]> {
      return listVotingMembers(models, regionId);
    },
  };
}

export type MandateActivities = ReturnType<typeof createMandateActivities>;
