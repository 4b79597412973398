import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  currentUpdateInfo,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { MandateActivities } from '../../activities/mandate-activities';
import { AppError } from '../../domain/errors';
import { applyAction, assertCommand, closeVote, createMandate, toSnapshot, voteDeadlinePassed, type MandateState } from '../../domain/mandate';
import type { ActionCommand } from '../../domain/fields';
import { Lock } from '../lock';
import { actionUpdate, createdUpdate, isKeyedUpdateId, stateQuery, type MandateWorkflowInput } from './messages';

/**
 * Writes must eventually succeed: nothing accepted may be lost. The activity
 * is idempotent, so it retries (with backoff) until MongoDB answers again.
 */
const { saveMandate, loadElectorate } = proxyActivities<MandateActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

const now = () => new Date().toISOString();

/** Retries come within minutes; the last thousand keys are plenty and keep the carried state bounded. */
const REMEMBERED_UPDATE_IDS = 1000;

const opensVote = (command: ActionCommand) => command.action === 'submit' || command.action === 'submit-dossier';

/** Domain errors leave the workflow as ApplicationFailures typed by their code; the API maps them back. */
function toFailure(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  return ApplicationFailure.create({
    type: error.code,
    message: error.message,
    nonRetryable: true,
    details: [{ status: error.status, extras: error.extras }],
  });
}

/**
 * One mandate through the cycle: draft → approval → preparation → decision →
 * implementation → evaluation → closed. People move it with the `action`
 * update; the workflow itself closes votes at their deadline (a durable timer).
 */
export async function mandateWorkflow(input: MandateWorkflowInput): Promise<MandateState> {
  let state: MandateState =
    'create' in input
      ? createMandate(input.create.input, { id: input.create.id, regionId: input.create.regionId }, input.create.actor, now())
      : input.resume.state;
  const appliedUpdateIds = new Set('resume' in input ? input.resume.appliedUpdateIds : []);
  let persistedVersion = 'resume' in input ? state.version : 0;
  const lock = new Lock();

  /** Writes the read model and the new audit events before the caller hears back (read-your-writes). */
  async function commit(next: MandateState, updateId: string | null): Promise<void> {
    const newEvents = next.events.filter((event) => event.seq > persistedVersion);
    await saveMandate({ snapshot: toSnapshot(next), newEvents, updateId });
    persistedVersion = next.version;
    state = next;
  }

  setHandler(stateQuery, () => state);

  setHandler(createdUpdate, async () => {
    await condition(() => persistedVersion >= 1);
    return toSnapshot(state);
  });

  setHandler(
    actionUpdate,
    ({ actor, command }) =>
      lock.run(async () => {
        const updateId = currentUpdateInfo()?.id ?? null;
        // A retry whose first attempt landed in an earlier run: no second effect.
        if (updateId && appliedUpdateIds.has(updateId)) return toSnapshot(state);
        try {
          const electorate = opensVote(command) ? await loadElectorate(state.regionId) : undefined;
          const next = applyAction(state, command, { actor, at: now(), electorate });
          if (updateId && isKeyedUpdateId(updateId)) appliedUpdateIds.add(updateId);
          await commit(next, updateId);
          return toSnapshot(state);
        } catch (error) {
          throw toFailure(error);
        }
      }),
    {
      // Synchronous on purpose: an async validator never rejects.
      validator: ({ actor, command }) => {
        const updateId = currentUpdateInfo()?.id;
        if (updateId && appliedUpdateIds.has(updateId)) return;
        try {
          assertCommand(state, command, actor, now());
        } catch (error) {
          throw toFailure(error);
        }
      },
    },
  );

  if (persistedVersion < state.version) await lock.run(() => commit(state, null));

  while (state.phase !== 'closed') {
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof mandateWorkflow>({ resume: { state, appliedUpdateIds: [...appliedUpdateIds].slice(-REMEMBERED_UPDATE_IDS) } });
    }
    const vote = state.vote;
    if (vote?.status === 'open') {
      const { id, deadline } = vote;
      const changed = () => state.vote?.id !== id || state.vote.status !== 'open' || state.vote.deadline !== deadline;
      const remaining = Date.parse(deadline) - Date.now();
      if (remaining > 0) await condition(() => changed() || workflowInfo().continueAsNewSuggested, remaining);
      await lock.run(async () => {
        if (voteDeadlinePassed(state, now())) await commit(closeVote(state, now()), null);
      });
    } else {
      // Waiting for people: only an update (opening a vote or closing the mandate) moves on.
      const version = state.version;
      await condition(() => state.version !== version || workflowInfo().continueAsNewSuggested);
    }
  }
  await condition(allHandlersFinished);
  return state;
}
