import {
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  currentUpdateInfo,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { MandateActivities } from '../../activities/mandate-activities';
import type { VoteActivities } from '../../activities/vote-activities';
import { mandateVoteDefinition } from '../../domain/board/mandate-votes';
import {
  addTasks,
  applyAction,
  applyBoardVoteReport,
  applyTaskOutcome,
  assertCommand,
  closeVote,
  createMandate,
  tasksCancelledByMandate,
  toSnapshot,
  voteDeadlinePassed,
  type MandateState,
} from '../../domain/mandate';
import type { ActionCommand } from '../../domain/fields';
import { assertCanCreateTask } from '../../domain/policies/task-policy';
import { createTask, toTaskSnapshot, type TaskState } from '../../domain/tasks/task';
import { isTaskPhase } from '../../domain/tasks/templates';
import { ConflictError } from '../../domain/errors';
import { toFailure } from '../failures';
import { Lock } from '../lock';
import { cancelTaskSignal, taskWorkflowId } from '../task/messages';
import type { taskWorkflow } from '../task/workflow';
import { cancelSignal as cancelVoteSignal, voteWorkflowId } from '../vote/messages';
import {
  actionUpdate,
  addTaskUpdate,
  boardVoteUpdate,
  createdUpdate,
  isKeyedUpdateId,
  stateQuery,
  taskClosedUpdate,
  type MandateWorkflowInput,
} from './messages';

/**
 * Writes must eventually succeed: nothing accepted may be lost. The activity
 * is idempotent, so it retries (with backoff) until MongoDB answers again.
 */
const { saveMandate, loadElectorate, planPhaseTasks } = proxyActivities<MandateActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

const { loadVoteBoard, openBoardVote } = proxyActivities<VoteActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

const now = () => new Date().toISOString();

/** Retries come within minutes; the last thousand keys are plenty and keep the carried state bounded. */
const REMEMBERED_UPDATE_IDS = 1000;

const opensVote = (command: ActionCommand) => command.action === 'submit' || command.action === 'submit-dossier';

/** Office tasks came with this change; mandates started before it keep their old course on replay. */
const OFFICE_TASKS_PATCH = 'office-tasks';

/** Votes run as board votes of their own (workflows/vote) since this change; older mandates keep voting inside. */
const BOARD_VOTES_PATCH = 'board-votes';

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

  /** Writes the read model and the new audit events (and new tasks' first read models) before the caller hears back (read-your-writes). */
  async function commit(next: MandateState, updateId: string | null, newTasks: TaskState[] = []): Promise<void> {
    const newEvents = next.events.filter((event) => event.seq > persistedVersion);
    await saveMandate({ snapshot: toSnapshot(next), newEvents, updateId, newTasks: newTasks.map(toTaskSnapshot) });
    persistedVersion = next.version;
    state = next;
  }

  /**
   * Commits a transition and its consequences for the office's work: entering
   * a phase with templates creates its tasks (in the same commit), closing the
   * mandate cancels the unfinished ones.
   */
  async function transition(next: MandateState, updateId: string | null): Promise<void> {
    const before = state;
    let tasks: TaskState[] = [];
    const entered = next.phase !== before.phase || next.revisionRound !== before.revisionRound;
    if (entered && isTaskPhase(next.phase) && patched(OFFICE_TASKS_PATCH)) {
      const at = now();
      const planned = await planPhaseTasks({ mandate: toSnapshot(next), phase: next.phase, at });
      tasks = planned.map((task) => createTask(task, at));
      next = addTasks(next, tasks, null, at);
    }
    // The tasks' workflows exist before their read models do: whoever sees a task can act on it.
    await startTasks(tasks);
    await commit(next, updateId, tasks);
    await cancelTasks(tasksCancelledByMandate(before, next));
  }

  async function startTasks(tasks: TaskState[]): Promise<void> {
    for (const task of tasks) {
      try {
        await startChild<typeof taskWorkflow>('taskWorkflow', {
          workflowId: taskWorkflowId(task.id),
          args: [{ create: { task } }],
          // A task outlives its mandate's runs (continue-as-new) and ends on its own.
          parentClosePolicy: ParentClosePolicy.ABANDON,
          // A finished task is never started again (e.g. by a retried add after continue-as-new).
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      }
    }
  }

  async function cancelTasks(taskIds: string[]): Promise<void> {
    const reason = state.outcome ? `mandate ${state.outcome}` : 'mandate closed';
    for (const id of taskIds) {
      // A task that has already ended cannot take the signal; that is fine.
      await getExternalWorkflowHandle(taskWorkflowId(id))
        .signal(cancelTaskSignal, { reason })
        .catch(() => undefined);
    }
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
          let next: MandateState;
          if (opensVote(command) && patched(BOARD_VOTES_PATCH)) {
            const at = now();
            const board = await loadVoteBoard({ regionId: state.regionId, mandateId: state.id, at });
            const electorate = board.seats.map((seat) => ({ id: seat.memberId, name: seat.name }));
            next = applyAction(state, command, { actor, at, electorate, boardVotes: true });
            const payload = command.payload as { voteMode?: 'written' | 'meeting'; secret?: boolean; meetingId?: string; itemId?: string };
            const options = {
              mode: payload.voteMode ?? (payload.meetingId ? 'meeting' : 'written'),
              secret: payload.secret,
              meetingId: payload.meetingId ?? null,
              itemId: payload.itemId ?? null,
              openedBy: { id: actor.id, name: actor.name },
              at,
            };
            // The vote's read model exists before the mandate's says it is open.
            await openBoardVote(mandateVoteDefinition(next, board, options));
          } else {
            const electorate = opensVote(command) ? await loadElectorate(state.regionId) : undefined;
            next = applyAction(state, command, { actor, at: now(), electorate });
          }
          if (updateId && isKeyedUpdateId(updateId)) appliedUpdateIds.add(updateId);
          const boardVote = state.vote?.boardVoteId;
          await transition(next, updateId);
          // Withdrawn while the board voted: the vote ends without a result.
          if (boardVote && state.vote?.boardVoteId !== boardVote && state.phase === 'closed') {
            await getExternalWorkflowHandle(voteWorkflowId(boardVote))
              .signal(cancelVoteSignal, { reason: 'mandate closed' })
              .catch(() => undefined);
          }
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

  setHandler(taskClosedUpdate, (outcome) =>
    lock.run(async () => {
      const next = applyTaskOutcome(state, outcome, now());
      if (next !== state) await commit(next, null);
    }),
  );

  setHandler(boardVoteUpdate, (report) =>
    lock.run(async () => {
      const next = applyBoardVoteReport(state, report, now());
      if (next !== state) await transition(next, null);
    }),
  );

  setHandler(
    addTaskUpdate,
    ({ actor, task: input }) =>
      lock.run(async () => {
        try {
          const at = now();
          const task = createTask(
            {
              ...input,
              mandateId: state.id,
              regionId: state.regionId,
              mandateTitle: state.title,
              phase: isTaskPhase(state.phase) ? state.phase : null,
              round: state.revisionRound,
            },
            at,
          );
          // A retried add (the same key after continue-as-new) finds the task already there: no second start.
          if (state.tasks?.some((known) => known.id === task.id)) return toTaskSnapshot(task);
          const next = addTasks(state, [task], { id: actor.id, name: actor.name }, at);
          await startTasks([task]);
          await commit(next, currentUpdateInfo()?.id ?? null, [task]);
          return toTaskSnapshot(task);
        } catch (error) {
          throw toFailure(error);
        }
      }),
    {
      validator: ({ actor }) => {
        try {
          assertCanCreateTask(actor);
          if (state.phase === 'closed') throw new ConflictError('mandate_closed', 'The mandate is closed; it takes no more tasks.');
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
    // A board vote keeps its own deadline; the mandate waits for its report.
    if (vote?.status === 'open' && !vote.boardVoteId) {
      const { id, deadline } = vote;
      const changed = () => state.vote?.id !== id || state.vote.status !== 'open' || state.vote.deadline !== deadline;
      const remaining = Date.parse(deadline) - Date.now();
      if (remaining > 0) await condition(() => changed() || workflowInfo().continueAsNewSuggested, remaining);
      await lock.run(async () => {
        if (voteDeadlinePassed(state, now())) await transition(closeVote(state, now()), null);
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
