import { allHandlersFinished, condition, continueAsNew, currentUpdateInfo, log, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { MeetingActivities } from '../../activities/meeting-activities';
import {
  applyMeetingCommand,
  attachStatusReport,
  createMeeting,
  linkVote,
  needsStatusReport,
  statusReportDueAt,
  syncInvitees,
  type MeetingChange,
} from '../../domain/board/meeting';
import type { MeetingState } from '../../domain/board/types';
import { berlinDate } from '../../domain/time';
import { toFailure } from '../failures';
import { Lock } from '../lock';
import { isKeyedUpdateId } from '../mandate/messages';
import { meetingActionUpdate, meetingCreatedUpdate, meetingStateQuery, meetingVoteLinkedUpdate, type MeetingWorkflowInput } from './messages';

/** Writes must eventually succeed: the activities are idempotent and retry until MongoDB answers. */
const { saveMeeting, loadMeetingBoard } = proxyActivities<MeetingActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** The report may fail for reasons a retry does not cure (a broken decision); it is tried again an hour later, without holding up edits. */
const { generateStatusReport } = proxyActivities<MeetingActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute', backoffCoefficient: 2, maximumAttempts: 5 },
});

const now = () => new Date().toISOString();
const REMEMBERED_UPDATE_IDS = 1000;
const REPORT_RETRY_MS = 60 * 60 * 1000;

/**
 * One board meeting from planning to held or cancelled. People change it with
 * the `meeting-action` update, one at a time under a lock; each change is in
 * the read model, and its invitations or updates are queued, before the caller
 * hears back. A durable timer makes the implementation status report
 * `reportLeadDays` before the meeting, and follows the meeting when it moves.
 */
export async function meetingWorkflow(input: MeetingWorkflowInput): Promise<MeetingState> {
  const resume = 'resume' in input ? input.resume : null;
  let state: MeetingState =
    'create' in input
      ? createMeeting(input.create.input, { id: input.create.id, regionId: input.create.regionId }, input.create.actor, now())
      : input.resume.state;
  const appliedUpdateIds = new Set(resume?.appliedUpdateIds ?? []);
  const invited = new Set(resume?.invited ?? []);
  let reportLeadDays = resume?.reportLeadDays ?? 7;
  let ready = resume !== null;
  const lock = new Lock();

  /** The board as it will be on the meeting's day: who is invited, and when the report is due. */
  async function refreshInvitees(current: MeetingState): Promise<MeetingState> {
    const board = await loadMeetingBoard({ regionId: current.regionId, date: berlinDate(current.startsAt) });
    reportLeadDays = board.reportLeadDays;
    return syncInvitees(current, board.invitees, now());
  }

  /** Writes the read model and queues the notices, then takes the new state. */
  async function commit({ state: next, notices }: MeetingChange): Promise<void> {
    await saveMeeting({ meeting: next, notices });
    state = next;
    for (const notice of notices) if (notice.kind === 'meeting-invitation') for (const person of notice.recipients) invited.add(person.id);
  }

  async function makeStatusReport(): Promise<void> {
    const report = await generateStatusReport({ meeting: state, at: now() });
    await commit({ state: attachStatusReport(state, report, now()), notices: [] });
  }

  setHandler(meetingStateQuery, () => state);

  setHandler(meetingCreatedUpdate, async () => {
    await condition(() => ready);
    return state;
  });

  setHandler(
    meetingActionUpdate,
    ({ actor, command }) =>
      lock.run(async () => {
        const updateId = currentUpdateInfo()?.id ?? null;
        if (updateId && appliedUpdateIds.has(updateId)) return state;
        try {
          // Invitations go to the board as it is on the meeting's day.
          const base = command.action === 'invite' ? await refreshInvitees(state) : state;
          const change = applyMeetingCommand(base, command, actor, [...invited], now());
          if (updateId && isKeyedUpdateId(updateId)) appliedUpdateIds.add(updateId);
          if (change.state !== state) await commit(change);
          if (command.action === 'generate-report' && !state.statusReport) await makeStatusReport();
          return state;
        } catch (error) {
          throw toFailure(error);
        }
      }),
    {
      validator: ({ actor, command }) => {
        const updateId = currentUpdateInfo()?.id;
        if (updateId && appliedUpdateIds.has(updateId)) return;
        try {
          applyMeetingCommand(state, command, actor, [...invited], now());
        } catch (error) {
          throw toFailure(error);
        }
      },
    },
  );

  setHandler(meetingVoteLinkedUpdate, ({ itemId, voteId, decisionNumber }) =>
    lock.run(async () => {
      try {
        const next = linkVote(state, itemId, voteId, decisionNumber, now());
        if (next !== state) await commit({ state: next, notices: [] });
        return state;
      } catch (error) {
        throw toFailure(error);
      }
    }),
  );

  if (!ready) {
    await lock.run(async () => {
      await commit({ state: await refreshInvitees(state), notices: [] });
      ready = true;
    });
  }

  while (state.status !== 'cancelled') {
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof meetingWorkflow>({
        resume: { state, appliedUpdateIds: [...appliedUpdateIds].slice(-REMEMBERED_UPDATE_IDS), invited: [...invited], reportLeadDays },
      });
    }
    const version = state.version;
    const changed = () => state.version !== version || workflowInfo().continueAsNewSuggested;
    if (!needsStatusReport(state, reportLeadDays)) {
      await condition(changed);
      continue;
    }
    const remaining = Date.parse(statusReportDueAt(state, reportLeadDays)) - Date.now();
    if (remaining > 0 && (await condition(changed, remaining))) continue;
    try {
      if (needsStatusReport(state, reportLeadDays) && Date.parse(statusReportDueAt(state, reportLeadDays)) <= Date.now()) {
        // Made outside the lock: edits and replies go on while the report (and its retries) take their time.
        const report = await generateStatusReport({ meeting: state, at: now() });
        await lock.run(async () => {
          if (needsStatusReport(state, reportLeadDays)) await commit({ state: attachStatusReport(state, report, now()), notices: [] });
        });
      }
    } catch (error) {
      log.warn('status report failed; trying again later', { meetingId: state.id, error: String(error) });
      await condition(changed, REPORT_RETRY_MS);
    }
  }
  await condition(allHandlersFinished);
  return state;
}
