import type { MandateState } from '../mandate';
import type { PersonRef } from '../roles';
import type { QuorumRule, Recusal, Seat, TieRule, VoteDefinition, VoteMode } from './types';

/** What the board contributes to a vote when it opens (loaded by an activity). */
export interface VoteBoard {
  seats: Seat[];
  chairId: string | null;
  quorum: QuorumRule;
  tie: TieRule;
  secretByDefault: boolean;
  reminderDays: number[];
  /** Recusals already declared for the mandate. */
  recusals: Recusal[];
}

export interface MandateVoteOptions {
  mode: VoteMode;
  /** The agenda item the board votes in, if any. */
  meetingId?: string | null;
  itemId?: string | null;
  secret: boolean | undefined;
  openedBy: PersonRef;
  at: string;
}

/**
 * The board vote for the mandate's open vote (just opened by `submit` or
 * `submit-dossier`): approval is a yes/no motion to give the mandate, the
 * decision an option ballot over the mandate's options with revise and reject.
 */
export function mandateVoteDefinition(mandate: MandateState, board: VoteBoard, options: MandateVoteOptions): VoteDefinition {
  const vote = mandate.vote;
  if (!vote?.boardVoteId) throw new Error('The mandate has no board vote to define.');
  const approval = vote.kind === 'approval';
  return {
    id: vote.boardVoteId,
    regionId: mandate.regionId,
    subject: {
      kind: approval ? 'mandate-approval' : 'mandate-decision',
      mandateId: mandate.id,
      meetingId: options.meetingId ?? null,
      itemId: options.itemId ?? null,
      title: mandate.title,
      motion: approval
        ? `Der Beirat erteilt dem Bildungsbüro das Mandat „${mandate.title}“ im Handlungsfeld ${mandate.actionField}: ${mandate.question}`
        : `Der Beirat entscheidet über das Mandat „${mandate.title}“: ${mandate.question}`,
      rationale: approval ? mandate.goals.map((goal) => `– ${goal}`).join('\n') || null : null,
    },
    ballot: approval
      ? { kind: 'yes_no', options: [], allowRevise: false, allowReject: false }
      : { kind: 'options', options: mandate.options.map((o) => ({ id: o.id, title: o.title })), allowRevise: true, allowReject: true },
    mode: options.mode,
    secret: options.secret ?? board.secretByDefault,
    seats: board.seats,
    chairId: board.chairId,
    quorum: board.quorum,
    tie: board.tie,
    openedAt: options.at,
    openedBy: options.openedBy,
    deadline: options.mode === 'written' ? vote.deadline : null,
    reminderDays: options.mode === 'written' ? board.reminderDays : [],
    recusals: board.recusals,
  };
}
