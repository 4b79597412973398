import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CreateMeetingInput, MeetingCommand } from '../../domain/board/meeting';
import type { MeetingState } from '../../domain/board/types';
import type { Actor } from '../../domain/roles';

/** Definitions shared by the meeting workflow and its callers. Side-effect free. */
export const meetingWorkflowId = (meetingId: string) => `meeting-${meetingId}`;

export interface MeetingResume {
  state: MeetingState;
  appliedUpdateIds: string[];
  /** Who has had an invitation (later changes go to them as updates). */
  invited: string[];
  reportLeadDays: number;
}

export type MeetingWorkflowInput = { create: { id: string; regionId: string; input: CreateMeetingInput; actor: Actor } } | { resume: MeetingResume };

export interface MeetingActionArgs {
  actor: Actor;
  command: MeetingCommand;
}

/** Sent with the start (update-with-start): returns once the meeting's read model is written. */
export const meetingCreatedUpdate = defineUpdate<MeetingState>('meeting-created');

/** Every person's change to a meeting; the update id is the caller's Idempotency-Key. */
export const meetingActionUpdate = defineUpdate<MeetingState, [MeetingActionArgs]>('meeting-action');

/** From the vote workflow: a vote was opened on an agenda item, or made a decision (idempotent). */
export const meetingVoteLinkedUpdate = defineUpdate<MeetingState, [{ itemId: string; voteId: string; decisionNumber: string | null }]>('meeting-vote-linked');

export const meetingStateQuery = defineQuery<MeetingState>('meeting-state');
