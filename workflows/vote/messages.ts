import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Choice, TallyEntry, VoteDefinition, VoteState } from '../../domain/board/types';
import type { Actor, PersonRef } from '../../domain/roles';

/** Definitions shared by the vote workflow and its callers. Side-effect free. */
export const voteWorkflowId = (voteId: string) => `vote-${voteId}`;

export type VoteWorkflowInput = { create: { definition: VoteDefinition } } | { resume: { state: VoteState } };

export interface CastArgs {
  actor: Actor;
  choice: Choice;
  optionId: string | null;
  forMemberId: string | null;
  note: string | null;
}

export interface RecuseArgs {
  actor: Actor;
  member: PersonRef;
  reason: string | null;
}

export interface ShowOfHandsArgs {
  actor: Actor;
  tally: TallyEntry[];
  castingChoice: { choice: Choice; optionId: string | null } | null;
}

/** Sent with the start (update-with-start): returns once the vote's read model is written. */
export const openedUpdate = defineUpdate<VoteState>('opened');
export const castUpdate = defineUpdate<VoteState, [CastArgs]>('cast');
export const recuseUpdate = defineUpdate<VoteState, [RecuseArgs]>('recuse');
export const showOfHandsUpdate = defineUpdate<VoteState, [ShowOfHandsArgs]>('show-of-hands');
export const closeUpdate = defineUpdate<VoteState, [{ actor: Actor }]>('close');
export const extendUpdate = defineUpdate<VoteState, [{ actor: Actor; deadline: string }]>('extend');
/** The matter went away (the mandate was withdrawn): the vote ends without a result. */
export const cancelSignal = defineSignal<[{ reason: string }]>('cancel');
export const voteStateQuery = defineQuery<VoteState>('state');
