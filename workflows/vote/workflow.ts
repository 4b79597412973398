import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { VoteActivities } from '../../activities/vote-activities';
import type { CloseReason, VoteState } from '../../domain/board/types';
import {
  cancelVote,
  castBallot,
  closeReasonNow,
  closeVote,
  dueReminders,
  extendVote,
  forgetSecretChoices,
  openVote,
  outstandingSeats,
  recordShowOfHands,
  recuse,
} from '../../domain/board/vote';
import { assertCanExtendVotes, assertCanRunVotes, assertCanRecordRecusalFor } from '../../domain/board/vote-policy';
import { ConflictError, ValidationError } from '../../domain/errors';
import type { Actor, PersonRef } from '../../domain/roles';
import { toFailure } from '../failures';
import { Lock } from '../lock';
import {
  cancelSignal,
  castUpdate,
  closeUpdate,
  extendUpdate,
  openedUpdate,
  recuseUpdate,
  showOfHandsUpdate,
  voteStateQuery,
  type CastArgs,
  type RecuseArgs,
  type ShowOfHandsArgs,
  type VoteWorkflowInput,
} from './messages';

/** Writes retry until MongoDB answers again: nothing accepted may be lost. */
const { saveVote, notifyVoters, recordDecision, reportToMandate } = proxyActivities<VoteActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

const DAY_MS = 24 * 60 * 60 * 1000;
const now = () => new Date().toISOString();
const person = (actor: Actor): PersonRef => ({ id: actor.id, name: actor.name });
const ended = (state: VoteState) => state.status === 'closed' || state.status === 'cancelled';

/** Everybody who may cast for a seat: its member and the deputies. */
function peopleOf(seats: VoteState['seats']): string[] {
  return [...new Set(seats.flatMap((seat) => [seat.memberId, ...seat.deputies.map((deputy) => deputy.id)]))];
}

/** Reminders whose day had passed when the vote opened or was extended (a short written procedure) are not sent. */
function withoutPastReminders(state: VoteState, at: string): VoteState {
  if (!state.deadline) return state;
  const deadline = Date.parse(state.deadline);
  const past = state.reminderDays.filter((day) => deadline - day * DAY_MS <= Date.parse(at) && !state.remindersSent.includes(day));
  return past.length === 0 ? state : { ...state, remindersSent: [...state.remindersSent, ...past] };
}

/** The next instant the workflow has to act by itself: a reminder still to send, or the deadline. */
function nextWake(state: VoteState): number | null {
  if (state.status !== 'open' || !state.deadline) return null;
  const deadline = Date.parse(state.deadline);
  const reminders = state.reminderDays.filter((day) => !state.remindersSent.includes(day)).map((day) => deadline - day * DAY_MS);
  return Math.min(deadline, ...reminders);
}

/**
 * One vote of the board, from opening to its outcome: ballots (changeable
 * until the close), recusals, a show of hands recorded by the chair, the
 * deadline and reminders of a written procedure, and the early close once
 * the outstanding ballots can no longer change the result. On closing it makes
 * the decision record and tells the mandate, before the caller hears back.
 */
export async function voteWorkflow(input: VoteWorkflowInput): Promise<VoteState> {
  let state: VoteState = 'create' in input ? withoutPastReminders(openVote(input.create.definition), input.create.definition.openedAt) : input.resume.state;
  let persistedVersion = 'resume' in input ? state.version : -1;
  const lock = new Lock();

  async function commit(next: VoteState): Promise<void> {
    state = next;
    if (state.version === persistedVersion) return;
    await saveVote(state);
    persistedVersion = state.version;
  }

  /** A closed (or unresolved) vote's consequences: the record, the mandate, the notices. Each step is idempotent. */
  async function settle(closed: VoteState): Promise<void> {
    let next = closed;
    if (next.status === 'closed' && !next.decisionNumber) {
      const decisionNumber = await recordDecision(next);
      if (decisionNumber) next = { ...next, decisionNumber, version: next.version + 1 };
    }
    // A secret vote forgets who chose what once it is over (the record has the tally and who took part).
    next = forgetSecretChoices(next);
    await commit(next);
    if (state.subject.mandateId) await reportToMandate(state);
    if (state.status === 'closed') {
      await notifyVoters({ state, kind: 'vote-closed', userIds: peopleOf(state.seats), key: 'closed' });
    }
  }

  /**
   * Applies a change and answers with the settled state. A ballot or a
   * recusal closes the vote when it is decided now; an extension does not:
   * a reopened tie stays open for the members to reconsider until a ballot
   * changes or the new deadline passes.
   */
  async function change(next: VoteState, mayClose: boolean): Promise<VoteState> {
    const reason: CloseReason | null = mayClose && next.status === 'open' ? closeReasonNow(next) : null;
    if (reason) next = closeVote(next, reason, null, now());
    const statusChanged = next.status !== state.status;
    const deadlineChanged = next.deadline !== state.deadline;
    if (statusChanged && next.status !== 'open') {
      await settle(next);
    } else {
      await commit(next);
      // Reopened or extended: the mandate shows the vote open, with its new deadline.
      if ((statusChanged || deadlineChanged) && state.subject.mandateId) await reportToMandate(state);
    }
    return state;
  }

  const handle =
    <A extends { actor: Actor }>(apply: (args: A) => VoteState, mayClose = true) =>
    (args: A) =>
      lock.run(async () => {
        try {
          return await change(apply(args), mayClose);
        } catch (error) {
          throw toFailure(error);
        }
      });

  /** The synchronous validator: refuse before anything is recorded in the history. */
  const check =
    <A>(assert: (args: A) => void) =>
    (args: A) => {
      try {
        assert(args);
      } catch (error) {
        throw toFailure(error);
      }
    };

  setHandler(voteStateQuery, () => state);

  setHandler(openedUpdate, async () => {
    await condition(() => persistedVersion >= 0);
    return state;
  });

  const cast = (args: CastArgs) =>
    castBallot(state, person(args.actor), { choice: args.choice, optionId: args.optionId, forMemberId: args.forMemberId, note: args.note }, now());
  setHandler(castUpdate, handle(cast), { validator: check(cast) });

  const recusal = ({ actor, member, reason }: RecuseArgs) => {
    assertCanRecordRecusalFor(actor, member.id);
    return recuse(state, member, reason, person(actor), now());
  };
  setHandler(recuseUpdate, handle(recusal), { validator: check(recusal) });

  const hands = ({ actor, tally, castingChoice }: ShowOfHandsArgs) => {
    assertCanRunVotes(actor, 'record a show of hands');
    return recordShowOfHands(state, { tally, castingChoice }, person(actor), now());
  };
  setHandler(showOfHandsUpdate, handle(hands), { validator: check(hands) });

  const close = ({ actor }: { actor: Actor }) => {
    assertCanRunVotes(actor, 'close a vote');
    if (state.status !== 'open') throw new ConflictError('vote_not_open', 'The vote is not open.');
    return closeVote(state, 'chair', person(actor), now());
  };
  setHandler(closeUpdate, handle(close), { validator: check(close) });

  const extend = ({ actor, deadline }: { actor: Actor; deadline: string }) => {
    assertCanExtendVotes(actor);
    if (Date.parse(deadline) <= Date.now()) throw new ValidationError([{ field: 'deadline', code: 'not_in_future', message: 'must be in the future' }]);
    // Reminder days already past at the extension are not sent.
    return withoutPastReminders(extendVote(state, deadline, person(actor), now()), now());
  };
  setHandler(extendUpdate, handle(extend, false), { validator: check(extend) });

  // Async, so the workflow does not finish before the cancellation is written (allHandlersFinished waits for it).
  setHandler(cancelSignal, () =>
    lock.run(async () => {
      if (ended(state)) return;
      // The mandate that cancels it is closed: nobody to report to.
      await commit(forgetSecretChoices(cancelVote(state, null, now())));
    }),
  );

  // The first write: the read model exists before whoever opened the vote hears back.
  await lock.run(async () => {
    if (persistedVersion < state.version) {
      const fresh = persistedVersion < 0;
      await commit(state);
      if (fresh) await notifyVoters({ state, kind: 'vote-opened', userIds: peopleOf(state.seats), key: 'opened' });
    }
  });

  while (!ended(state)) {
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof voteWorkflow>({ resume: { state } });
    }
    const wake = nextWake(state);
    const version = state.version;
    const changed = () => state.version !== version || workflowInfo().continueAsNewSuggested;
    if (wake === null) {
      await condition(changed);
      continue;
    }
    const remaining = wake - Date.now();
    if (remaining > 0 && (await condition(changed, remaining))) continue;
    await lock.run(async () => {
      if (state.status !== 'open' || !state.deadline) return;
      const at = now();
      if (Date.parse(state.deadline) <= Date.parse(at)) {
        state = closeVote(state, 'deadline', null, at);
        await settle(state);
        return;
      }
      const days = dueReminders(state, at);
      if (days.length === 0) return;
      const waiting = outstandingSeats(state);
      const next = { ...state, remindersSent: [...state.remindersSent, ...days], version: state.version + 1, updatedAt: at };
      await commit(next);
      if (waiting.length > 0) {
        const key = `reminder:${Math.min(...days)}:${state.deadline}`;
        await notifyVoters({ state, kind: 'vote-reminder', userIds: peopleOf(waiting), key });
      }
    });
  }
  await condition(allHandlersFinished);
  return state;
}
