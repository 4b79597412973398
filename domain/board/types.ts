import type { PersonRef } from '../roles';

/**
 * The board's decisions: composition, votes, decision records, meetings and
 * the follow-up of what was decided (Beschlusskontrolle). Shared types only;
 * the rules live in the modules beside this one. Dates are `YYYY-MM-DD`
 * (Berlin calendar days), instants ISO 8601 UTC strings.
 */

/** Quorum (Beschlussfähigkeit): more than half of the eligible voting seats, or a fixed number of them. */
export type QuorumRule = { kind: 'majority' } | { kind: 'fixed'; count: number };

/** A tie fails (a yes/no motion is not carried, an option ballot stays undecided), or the chair's vote decides it. */
export type TieRule = 'fails' | 'chair_casting';

export interface BoardMember {
  userId: string;
  name: string;
  /** A voting member holds a seat. A member without voting right (advisory) holds none. */
  voting: boolean;
  /** At most one member is the chair; the chair holds a seat like every voting member. */
  chair: boolean;
  /** A deputy (Stellvertretung) votes for this voting member when they do not; null for everybody else. A deputy has no seat of their own. */
  deputyOf: string | null;
  /** First and last day of the term; null `termUntil`: open-ended. Outside the term a member holds no seat and may not vote. */
  termFrom: string;
  termUntil: string | null;
}

export interface Board {
  regionId: string;
  /** Prefix of the decision numbers, e.g. `BB` for BB-2026/007: 1–8 capital letters. */
  code: string;
  name: string;
  quorum: QuorumRule;
  tie: TieRule;
  /** Votes of this board are secret unless the vote says otherwise (default false: named). */
  secretByDefault: boolean;
  /** Written procedure: reminders to those who have not voted, this many days before the deadline (default [3, 1]). */
  reminderDays: number[];
  /** The implementation status report is generated this many days before each meeting (default 7). */
  reportLeadDays: number;
  /** An implementation item due within this many days is yellow (default 14). */
  yellowDays: number;
  members: BoardMember[];
  /** Null for the default board derived from the region's roles (no composition saved yet). */
  updatedAt: string | null;
  updatedBy: PersonRef | null;
}

/** A voting seat as fixed when a vote opens: the member and who may vote for them. */
export interface Seat {
  memberId: string;
  name: string;
  deputies: PersonRef[];
}

export type VoteMode = 'written' | 'meeting';
export type BallotKind = 'yes_no' | 'options';
export type Choice = 'yes' | 'no' | 'abstain' | 'option' | 'revise' | 'reject';

export interface VoteOption {
  id: string;
  title: string;
}

export interface BallotSpec {
  kind: BallotKind;
  /** `options` ballots: the options (at least one). Empty for yes/no. */
  options: VoteOption[];
  /** `options` ballots: whether `revise` (send back for revision) and `reject` may be chosen. */
  allowRevise: boolean;
  allowReject: boolean;
}

/** What a vote decides. Mandate votes report their outcome to the mandate's workflow. */
export interface VoteSubject {
  kind: 'mandate-approval' | 'mandate-decision' | 'item';
  mandateId: string | null;
  meetingId: string | null;
  itemId: string | null;
  title: string;
  /** The motion (Beschlussvorschlag); becomes the decision record's text. */
  motion: string;
  /** The grounds given with the motion (Begründung); becomes the record's rationale. */
  rationale?: string | null;
}

/** Everything fixed when a vote opens. */
export interface VoteDefinition {
  /** Globally unique, e.g. `v-<mandateId>-2` or `v-<random>`; the workflow id is `vote-<id>`. */
  id: string;
  regionId: string;
  subject: VoteSubject;
  ballot: BallotSpec;
  mode: VoteMode;
  /** Secret: only the tally and who took part are kept (in the read models and the record). */
  secret: boolean;
  seats: Seat[];
  /** The chair's member id (their seat's ballot casts a tie under `chair_casting`); null when the board has none. */
  chairId: string | null;
  quorum: QuorumRule;
  tie: TieRule;
  openedAt: string;
  openedBy: PersonRef | null;
  /** Written procedure: when the vote closes at the latest. Meeting votes: null (the chair closes them). */
  deadline: string | null;
  /** Written procedure: days before the deadline on which those who have not voted are reminded. */
  reminderDays: number[];
  /** Recusals already declared for the matter before the vote opened. */
  recusals: Recusal[];
}

export interface CastBallot {
  /** The seat (the voting member's id) this ballot counts for. */
  seatId: string;
  /** Who cast it: the member or one of their deputies. */
  castBy: PersonRef;
  choice: Choice;
  optionId: string | null;
  castAt: string;
  /** A dissent note (Sondervotum / abweichende Meinung) given with the ballot; goes into the record (named votes only). */
  note: string | null;
}

export interface Recusal {
  memberId: string;
  name: string;
  reason: string | null;
  declaredAt: string;
  /** The member themselves, or the chair/office recording it. */
  recordedBy: PersonRef;
}

export interface TallyEntry {
  choice: Choice;
  /** For `option` entries. */
  optionId?: string;
  count: number;
}

export interface QuorumInfo {
  /** Voting seats of the vote. */
  seats: number;
  /** Seats whose member is recused: they do not count. */
  recused: number;
  /** seats − recused. */
  eligible: number;
  required: number;
  /** Eligible seats that took part (a ballot, abstentions included; or the show-of-hands total). */
  participating: number;
  reached: boolean;
}

/** The chair records the result of a show of hands instead of live ballots. */
export interface ShowOfHands {
  /** Counts per choice; choices the ballot does not allow must be absent or 0. */
  tally: TallyEntry[];
  /** Under `chair_casting` with a tie: the chair's choice among the tied ones. */
  castingChoice: { choice: Choice; optionId: string | null } | null;
  recordedBy: PersonRef;
  recordedAt: string;
}

export type VoteResultKind = 'approved' | 'not_approved' | 'option' | 'revise' | 'reject' | 'no_quorum' | 'tie';

export interface VoteOutcome {
  result: VoteResultKind;
  /** For `option`. */
  optionId: string | null;
  tally: TallyEntry[];
  quorum: QuorumInfo;
  /** Whether the chair's casting vote decided a tie. */
  castingVote: boolean;
}

export type VoteStatus = 'open' | 'closed' | 'unresolved' | 'cancelled';
export type CloseReason = 'all_voted' | 'decided' | 'deadline' | 'chair' | 'show_of_hands' | 'cancelled';

export interface VoteState extends VoteDefinition {
  status: VoteStatus;
  ballots: CastBallot[];
  showOfHands: ShowOfHands | null;
  /** Set when the vote closes (also `unresolved`: no quorum or a tie). */
  outcome: VoteOutcome | null;
  closedAt: string | null;
  closedBy: PersonRef | null;
  closeReason: CloseReason | null;
  /** Written procedure: the reminder days already sent for the current deadline (each once). */
  remindersSent: number[];
  /** The decision record made from the outcome, e.g. `BB-2026/007`. */
  decisionNumber: string | null;
  /** The latest extension (who, when): the audit trail of a deadline that moved (absent before any). */
  extended?: { by: PersonRef; at: string } | null;
  /** Increases with every change: the read model's compare key. */
  version: number;
  updatedAt: string;
}

/** The decision record (Beschluss). Immutable; a correction is a new record with `corrects`. */
export interface DecisionRecord {
  /** `BB-2026-007`: the number in a form fit for URLs. */
  id: string;
  /** `BB-2026/007`. */
  number: string;
  regionId: string;
  boardCode: string;
  year: number;
  /** 1, 2, 3 … per board and year, without gaps. */
  seq: number;
  voteId: string | null;
  subject: VoteSubject;
  /** The decision text (Beschlusstext). */
  text: string;
  result: VoteResultKind;
  optionId: string | null;
  optionTitle: string | null;
  tally: TallyEntry[];
  quorum: QuorumInfo;
  castingVote: boolean;
  mode: VoteMode;
  secret: boolean;
  /** Named votes: who voted how (null when secret). */
  votes: { memberId: string; name: string; castBy: PersonRef; choice: Choice; optionId: string | null }[] | null;
  /** Who took part (always kept, also when secret). */
  participants: PersonRef[];
  recusals: Recusal[];
  rationale: string | null;
  dissent: { memberId: string; name: string; text: string }[];
  /** The dossier as it was (options and data), with its SHA-256; null when the matter had none. */
  dossier: { hash: string; content: unknown } | null;
  decidedAt: string;
  recordedAt: string;
  recordedBy: PersonRef | null;
  /** The record this one corrects (its id), and why. */
  corrects: string | null;
  correctionReason: string | null;
}

export type AgendaItemKind = 'mandate' | 'report' | 'other';

export interface AgendaItem {
  id: string;
  kind: AgendaItemKind;
  title: string;
  description: string | null;
  mandateId: string | null;
  /** Whether the item appears in the published minutes (öffentlicher Teil). */
  public: boolean;
  /** Votes opened on this item, and the decision records they produced. */
  voteIds: string[];
  decisionNumbers: string[];
  /** The attachment holding the generated status report (kind `report`, generated automatically). */
  attachmentId: string | null;
}

export type AttendanceReply = 'accepted' | 'declined' | 'tentative' | 'none';

export interface Attendance {
  memberId: string;
  name: string;
  reply: AttendanceReply;
  repliedAt: string | null;
  /** Recorded on the day by the chair or office; null before. */
  present: boolean | null;
}

export type MeetingStatus = 'planned' | 'cancelled' | 'held';

export interface MeetingState {
  id: string;
  regionId: string;
  title: string;
  startsAt: string;
  endsAt: string;
  place: string | null;
  onlineUrl: string | null;
  status: MeetingStatus;
  /** ICS SEQUENCE: increases with every change invitees are told about. */
  sequence: number;
  /** Whether invitations have gone out (then changes send updates, cancelling sends a cancellation). */
  invitedAt: string | null;
  agenda: AgendaItem[];
  attendance: Attendance[];
  /** The generated implementation status report (before the meeting). */
  statusReport: { generatedAt: string; attachmentId: string } | null;
  minutesNote: string | null;
  createdBy: PersonRef;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** Traffic light of an implementation item (Beschlusskontrolle). */
export type TrafficLight = 'green' | 'yellow' | 'red' | 'done';

export interface ImplementationItem {
  id: string;
  regionId: string;
  decisionId: string;
  title: string;
  responsible: PersonRef;
  dueDate: string;
  /** The office task that carries the work. */
  taskId: string;
  /** Why it is late (required to explain red, optional otherwise). */
  delayReason: string | null;
  createdAt: string;
  createdBy: PersonRef;
}
