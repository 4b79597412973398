import { ACTION_PHASES, type EventName, type Outcome, type Phase } from './phases';
import type { Actor, PersonRef } from './roles';
import { parseActionCommand, APPROVAL_CHOICES, DECISION_CHOICES, type ActionCommand, type ActionPayloads, type CreateMandateInput } from './fields';
import { ConflictError, ValidationError } from './errors';
import { assertCanTakeAction } from './policies/mandate-policy';
import { TASK_TYPE_INFO, isTerminal, type TaskStatus, type TaskType } from './tasks/types';
import { isTaskPhase, type TaskPhase } from './tasks/templates';
import { allVoted, resolveVote, tallyVote, type TallyEntry, type UnresolvedReason, type VoteKind, type VoteResult, type VoteState } from './votes';

export const DEFAULT_VOTE_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface MandateOption {
  id: string;
  title: string;
  description: string;
  cost: number | null;
  resources: string | null;
  expectedEffect: string | null;
  addedBy: PersonRef;
  addedAt: string;
}

export interface DataPoint {
  id: string;
  indicator: string;
  period: string;
  value: number;
  unit: string | null;
  source: string | null;
  /** The phase it was recorded in: closing needs data recorded during evaluation. */
  phase: Phase;
  recordedBy: PersonRef;
  recordedAt: string;
}

export interface ProgressEntry {
  id: string;
  text: string;
  percent: number | null;
  reportedBy: PersonRef;
  reportedAt: string;
}

export interface Decision {
  optionId: string;
  optionTitle: string;
  decidedAt: string;
  tally: TallyEntry[];
  /** The SHA-256 of the dossier the board decided on (absent in decisions from before dossiers were frozen). */
  dossierHash?: string | null;
  /** The board's decision record, e.g. `BB-2026/007` (absent before decision records existed). */
  decisionNumber?: string | null;
}

/** The dossier as it went to the board: its content is stored under this hash. */
export interface DossierRef {
  hash: string;
  takenAt: string;
}

/** What the mandate knows of one of its tasks: enough to hold a phase gate and to list them. */
export interface MandateTaskRef {
  id: string;
  type: TaskType;
  title: string;
  /** The phase whose gate the task holds (when required), and the revision round it belongs to. */
  phase: TaskPhase | null;
  round: number;
  required: boolean;
  status: TaskStatus;
}

/** A task's end as reported to its mandate. */
export interface TaskOutcome {
  taskId: string;
  status: 'done' | 'cancelled';
  output: Record<string, unknown> | null;
  /** Who did the work (for an option, the person it is credited to). */
  completedBy: PersonRef | null;
}

/** A task being added to the mandate (the fields the mandate keeps). */
export type NewTaskRef = Omit<MandateTaskRef, 'status' | 'phase' | 'round'> & { phase: Phase | null; round: number | null };

export interface MandateEvent {
  seq: number;
  at: string;
  /** null for what the system did on its own (a vote closed at its deadline). */
  actor: PersonRef | null;
  action: EventName;
  phaseBefore: Phase | null;
  phaseAfter: Phase;
  details: Record<string, unknown>;
}

export interface MandateState {
  id: string;
  regionId: string;
  title: string;
  actionField: string;
  question: string;
  goals: string[];
  dueDate: string;
  indicators: string[];
  phase: Phase;
  outcome: Outcome | null;
  /** Equals the sequence number of the last event: the read model's compare-and-set key. */
  version: number;
  revisionRound: number;
  options: MandateOption[];
  data: DataPoint[];
  vote: VoteState | null;
  votesOpened: number;
  decision: Decision | null;
  /** The dossier frozen when it was submitted to the board (absent before dossiers were frozen). */
  dossier?: DossierRef | null;
  progress: ProgressEntry[];
  /** The office's tasks for this mandate (absent in states from before tasks existed). */
  tasks?: MandateTaskRef[];
  implementationSummary: string | null;
  evaluationSummary: string | null;
  withdrawalReason: string | null;
  createdBy: PersonRef;
  createdAt: string;
  updatedAt: string;
  events: MandateEvent[];
}

export interface CommandContext {
  actor: Actor;
  /** Now, as an ISO instant (workflow time inside a workflow). */
  at: string;
  /** The board's voting members, needed by the actions that open a vote. */
  electorate?: PersonRef[];
  /** Whether a vote this action opens runs as a board vote of its own (the mandate then only hears its outcome). */
  boardVotes?: boolean;
}

/** How a board vote of the mandate stands, as the vote reports it. */
export interface BoardVoteReport {
  voteId: string;
  status: 'open' | 'closed' | 'unresolved' | 'cancelled';
  deadline: string | null;
  outcome: { result: VoteResult['result']; optionId: string | null; tally: TallyEntry[] } | null;
  decisionNumber: string | null;
  /** Who extended the vote last (the chair), for the mandate's audit trail. */
  extendedBy?: PersonRef | null;
}

/** The mandate as presented and stored as read model: the state without its audit events. */
export type MandateSnapshot = Omit<MandateState, 'events'>;

export function toSnapshot(state: MandateState): MandateSnapshot {
  const { events: _events, ...snapshot } = state;
  return snapshot;
}

const person = (actor: Actor): PersonRef => ({ id: actor.id, name: actor.name });

function record(
  state: MandateState,
  at: string,
  actor: PersonRef | null,
  action: EventName,
  phaseBefore: Phase,
  details: Record<string, unknown>,
): MandateState {
  const seq = state.version + 1;
  const event: MandateEvent = { seq, at, actor, action, phaseBefore, phaseAfter: state.phase, details };
  return { ...state, version: seq, updatedAt: at, events: [...state.events, event] };
}

export function createMandate(input: CreateMandateInput, ids: { id: string; regionId: string }, actor: Actor, at: string): MandateState {
  const state: MandateState = {
    ...ids,
    title: input.title,
    actionField: input.actionField,
    question: input.question,
    goals: input.goals,
    dueDate: input.dueDate,
    indicators: input.indicators ?? [],
    phase: 'draft',
    outcome: null,
    version: 0,
    revisionRound: 0,
    options: [],
    data: [],
    vote: null,
    votesOpened: 0,
    decision: null,
    progress: [],
    tasks: [],
    implementationSummary: null,
    evaluationSummary: null,
    withdrawalReason: null,
    createdBy: person(actor),
    createdAt: at,
    updatedAt: at,
    events: [],
  };
  const event: MandateEvent = { seq: 1, at, actor: person(actor), action: 'create', phaseBefore: null, phaseAfter: 'draft', details: {} };
  return { ...state, version: 1, events: [event] };
}

function assertFuture(field: string, deadline: string, at: string): void {
  if (Date.parse(deadline) <= Date.parse(at)) {
    throw new ValidationError([{ field, code: 'not_in_future', message: 'must be in the future' }]);
  }
}

/**
 * Everything that can be checked against the current state without I/O:
 * role, phase, payload shape and the state-dependent payload rules. The
 * workflow's synchronous update validator calls exactly this.
 */
export function assertCommand(state: MandateState, raw: ActionCommand, actor: Actor, at: string): ActionCommand {
  assertCanTakeAction(actor, raw.action, state);
  const command = parseActionCommand(raw.action, raw.payload);
  switch (command.action) {
    case 'submit':
    case 'submit-dossier':
      if (command.payload.voteDeadline) assertFuture('voteDeadline', command.payload.voteDeadline, at);
      if (command.action === 'submit-dossier') {
        assertRequiredTasksDone(state, 'preparation');
        assertDossierComplete(state);
      }
      break;
    case 'extend-vote':
      assertNotBoardVote(state);
      assertFuture('deadline', command.payload.deadline, at);
      break;
    case 'vote':
      assertNotBoardVote(state);
      assertValidBallot(state, command.payload);
      break;
    case 'complete-implementation':
      assertRequiredTasksDone(state, 'implementation');
      break;
    case 'close':
      assertRequiredTasksDone(state, 'evaluation');
      if (!state.data.some((point) => point.phase === 'evaluation')) {
        throw new ConflictError('evaluation_data_missing', 'Record at least one data point during evaluation before closing.');
      }
      break;
    default:
      break;
  }
  return command;
}

/** The required tasks of a phase (in the current round) that are neither done nor cancelled. */
export function openRequiredTasks(state: Pick<MandateState, 'tasks' | 'revisionRound'>, phase: TaskPhase): MandateTaskRef[] {
  return (state.tasks ?? []).filter((task) => task.required && task.phase === phase && task.round === state.revisionRound && !isTerminal(task.status));
}

/** A board vote takes its ballots and extensions itself (the API passes them on); the mandate never applies them. */
function assertNotBoardVote(state: MandateState): void {
  if (state.vote?.boardVoteId) {
    throw new ConflictError('board_vote', `This vote runs as board vote '${state.vote.boardVoteId}': cast the ballot there.`, {
      voteId: state.vote.boardVoteId,
    });
  }
}

function assertRequiredTasksDone(state: MandateState, phase: TaskPhase): void {
  const open = openRequiredTasks(state, phase);
  if (open.length === 0) return;
  throw new ConflictError(
    'required_tasks_open',
    `${open.length} required task(s) of this phase are still open: ${open.map((task) => task.title).join('; ')}.`,
    {
      phase: state.phase,
      openTasks: open.map(({ id, title, status }) => ({ id, title, status })),
    },
  );
}

function assertDossierComplete(state: MandateState): void {
  const missing = [state.options.length === 0 && 'an option', state.data.length === 0 && 'a data point'].filter(Boolean);
  if (missing.length > 0) {
    throw new ConflictError('dossier_incomplete', `The dossier needs at least ${missing.join(' and ')} before it can go to the board.`);
  }
}

function assertValidBallot(state: MandateState, ballot: ActionPayloads['vote']): void {
  const kind = state.vote?.kind ?? 'approval';
  const choices = kind === 'approval' ? APPROVAL_CHOICES : DECISION_CHOICES;
  if (!choices.includes(ballot.choice)) {
    throw new ValidationError([
      { field: 'choice', code: 'invalid_choice', message: `must be one of ${choices.join(', ')} in this vote`, params: { allowed: choices.join(', ') } },
    ]);
  }
  if (ballot.choice === 'option' && !state.options.some((option) => option.id === ballot.optionId)) {
    throw new ValidationError([{ field: 'optionId', code: 'unknown_option', message: 'is not an option of this mandate' }]);
  }
}

function openVote(state: MandateState, kind: VoteKind, ctx: CommandContext, deadline: string | undefined): VoteState {
  const voters = ctx.electorate ?? [];
  if (voters.length === 0) {
    throw new ConflictError('no_voting_members', 'The board of this region has no voting members, so no vote can be opened.');
  }
  return {
    id: `v${state.votesOpened + 1}`,
    kind,
    status: 'open',
    unresolvedReason: null,
    openedAt: ctx.at,
    deadline: deadline ?? new Date(Date.parse(ctx.at) + DEFAULT_VOTE_DAYS * DAY_MS).toISOString(),
    voters,
    ballots: [],
    ...(ctx.boardVotes ? { boardVoteId: `${state.id}-v${state.votesOpened + 1}` } : {}),
  };
}

/** The mandate with one more option, by a person's action or from a finished options task. */
function withOption(state: MandateState, p: ActionPayloads['add-option'], by: PersonRef, at: string): [MandateState, MandateOption] {
  const option: MandateOption = {
    id: `o${state.options.length + 1}`,
    title: p.title,
    description: p.description,
    cost: p.cost ?? null,
    resources: p.resources ?? null,
    expectedEffect: p.expectedEffect ?? null,
    addedBy: by,
    addedAt: at,
  };
  return [{ ...state, options: [...state.options, option] }, option];
}

/** The mandate with one more data point, recorded in its current phase. */
function withDataPoint(state: MandateState, p: ActionPayloads['record-data'], by: PersonRef, at: string): [MandateState, DataPoint] {
  const point: DataPoint = {
    id: `d${state.data.length + 1}`,
    indicator: p.indicator,
    period: p.period,
    value: p.value,
    unit: p.unit ?? null,
    source: p.source ?? null,
    phase: state.phase,
    recordedBy: by,
    recordedAt: at,
  };
  return [{ ...state, data: [...state.data, point] }, point];
}

function withProgress(state: MandateState, p: ActionPayloads['report-progress'], by: PersonRef, at: string): [MandateState, ProgressEntry] {
  const entry: ProgressEntry = { id: `p${state.progress.length + 1}`, text: p.text, percent: p.percent ?? null, reportedBy: by, reportedAt: at };
  return [{ ...state, progress: [...state.progress, entry] }, entry];
}

/** Applies an action after checking it; returns the new state with its audit event(s). */
export function applyAction(state: MandateState, raw: ActionCommand, ctx: CommandContext): MandateState {
  const command = assertCommand(state, raw, ctx.actor, ctx.at);
  const before = state.phase;
  const by = person(ctx.actor);
  const at = ctx.at;
  const done = (next: MandateState, details: Record<string, unknown> = command.payload) => record(next, at, by, command.action, before, details);

  switch (command.action) {
    case 'submit':
    case 'submit-dossier': {
      const kind: VoteKind = command.action === 'submit' ? 'approval' : 'decision';
      const vote = openVote(state, kind, ctx, command.payload.voteDeadline);
      const phase: Phase = kind === 'approval' ? 'approval' : 'decision';
      const hash = command.action === 'submit-dossier' ? command.payload.dossierHash : undefined;
      const dossier = hash ? { dossier: { hash, takenAt: at } } : {};
      return done(
        { ...state, phase, vote, votesOpened: state.votesOpened + 1, ...dossier },
        { voteId: vote.id, deadline: vote.deadline, ...(hash ? { dossierHash: hash } : {}) },
      );
    }
    case 'vote': {
      const vote = state.vote as VoteState;
      const ballot = { voter: by, choice: command.payload.choice, optionId: command.payload.optionId ?? null, castAt: at };
      const ballots = [...vote.ballots.filter((b) => b.voter.id !== by.id), ballot];
      const voted = done({ ...state, vote: { ...vote, ballots } }, { voteId: vote.id, choice: ballot.choice, optionId: ballot.optionId });
      return allVoted(voted.vote as VoteState) ? closeVote(voted, at) : voted;
    }
    case 'extend-vote': {
      const vote = state.vote as VoteState;
      const reopened: VoteState = { ...vote, status: 'open', unresolvedReason: null, deadline: command.payload.deadline };
      return done({ ...state, vote: reopened }, { voteId: vote.id, deadline: reopened.deadline });
    }
    case 'add-option': {
      const [next, option] = withOption(state, command.payload, by, at);
      return done(next, { optionId: option.id, title: option.title });
    }
    case 'record-data': {
      const p = command.payload;
      const [next, point] = withDataPoint(state, p, by, at);
      return done(next, { dataId: point.id, indicator: p.indicator, period: p.period, value: p.value });
    }
    case 'report-progress': {
      const [next, entry] = withProgress(state, command.payload, by, at);
      return done(next, { progressId: entry.id, percent: entry.percent });
    }
    case 'complete-implementation':
      return done({ ...state, phase: 'evaluation', implementationSummary: command.payload.summary });
    case 'close':
      return done(cancelOpenTasks({ ...state, phase: 'closed', outcome: 'completed', evaluationSummary: command.payload.evaluation }));
    case 'withdraw':
      return done(cancelOpenTasks({ ...state, phase: 'closed', outcome: 'withdrawn', vote: null, withdrawalReason: command.payload.reason }));
  }
}

/** Whether the open vote's deadline has passed at `at`. */
export function voteDeadlinePassed(state: MandateState, at: string): boolean {
  return state.vote?.status === 'open' && Date.parse(state.vote.deadline) <= Date.parse(at);
}

/**
 * Closes the open vote (every member voted, or the deadline passed) and moves
 * the mandate on according to the result. No quorum or a tie leaves the vote
 * `unresolved` in the same phase until the chair extends it.
 */
export function closeVote(state: MandateState, at: string): MandateState {
  const vote = state.vote;
  if (!vote || vote.status !== 'open') return state;
  const optionIds = state.options.map((option) => option.id);
  const outcome: VoteResult = resolveVote(vote, optionIds);
  const tally = tallyVote(vote, optionIds);
  const before = state.phase;
  const next = nextStateAfterVote(state, outcome, tally, at);
  return record(next, at, null, 'close-vote', before, { voteId: vote.id, ...outcome, tally });
}

/**
 * The board vote of the mandate reports how it stands. Closed with a result,
 * the mandate moves on exactly as after a vote of its own (and keeps the
 * decision record's number); unresolved or reopened, it shows that. A report
 * about another vote, or a second report of the same state, changes nothing.
 */
export function applyBoardVoteReport(state: MandateState, report: BoardVoteReport, at: string): MandateState {
  const vote = state.vote;
  if (!vote || vote.boardVoteId !== report.voteId || state.phase === 'closed') return state;
  const before = state.phase;
  switch (report.status) {
    case 'cancelled':
      return state;
    case 'open': {
      if (vote.status === 'open' && vote.deadline === report.deadline) return state;
      const reopened: VoteState = { ...vote, status: 'open', unresolvedReason: null, deadline: report.deadline ?? vote.deadline };
      return record({ ...state, vote: reopened }, at, report.extendedBy ?? null, 'extend-vote', before, { voteId: vote.id, deadline: reopened.deadline });
    }
    case 'unresolved': {
      const reason: UnresolvedReason = report.outcome?.result === 'tie' ? 'tie' : 'no_quorum';
      if (vote.status === 'unresolved' && vote.unresolvedReason === reason) return state;
      const next = { ...state, vote: { ...vote, status: 'unresolved' as const, unresolvedReason: reason } };
      return record(next, at, null, 'close-vote', before, { voteId: vote.id, result: reason, tally: report.outcome?.tally ?? [] });
    }
    case 'closed': {
      const outcome = report.outcome;
      if (!outcome) return state;
      const result = (outcome.result === 'option' ? { result: 'option', optionId: outcome.optionId ?? '' } : { result: outcome.result }) as VoteResult;
      if (result.result === 'option' && !state.options.some((o) => o.id === result.optionId)) return state;
      let next = nextStateAfterVote(state, result, outcome.tally, at);
      if (next.decision && next.decision !== state.decision) next = { ...next, decision: { ...next.decision, decisionNumber: report.decisionNumber } };
      return record(next, at, null, 'close-vote', before, { voteId: vote.id, ...result, tally: outcome.tally, decisionNumber: report.decisionNumber });
    }
  }
}

function nextStateAfterVote(state: MandateState, outcome: VoteResult, tally: TallyEntry[], at: string): MandateState {
  const vote = state.vote as VoteState;
  switch (outcome.result) {
    case 'no_quorum':
    case 'tie':
      return { ...state, vote: { ...vote, status: 'unresolved', unresolvedReason: outcome.result } };
    case 'approved':
      return { ...state, phase: 'preparation', vote: null };
    case 'not_approved':
      return { ...state, phase: 'draft', vote: null };
    case 'option': {
      const option = state.options.find((o) => o.id === outcome.optionId) as MandateOption;
      const decision: Decision = {
        optionId: option.id,
        optionTitle: option.title,
        decidedAt: at,
        tally,
        ...(state.dossier ? { dossierHash: state.dossier.hash } : {}),
      };
      return { ...state, phase: 'implementation', vote: null, decision };
    }
    case 'revise':
      return { ...state, phase: 'preparation', vote: null, revisionRound: state.revisionRound + 1 };
    case 'reject':
      return cancelOpenTasks({ ...state, phase: 'closed', outcome: 'rejected', vote: null });
  }
}

/** A closed mandate has no open work: its unfinished tasks count as cancelled (the workflow cancels the tasks themselves). */
function cancelOpenTasks(state: MandateState): MandateState {
  if (!state.tasks?.some((task) => !isTerminal(task.status))) return state;
  return { ...state, tasks: state.tasks.map((task) => (isTerminal(task.status) ? task : { ...task, status: 'cancelled' as const })) };
}

/** The tasks whose end the mandate decided (closing it) between two states: the workflow cancels them. */
export function tasksCancelledByMandate(before: MandateState, after: MandateState): string[] {
  const was = new Map((before.tasks ?? []).map((task) => [task.id, task.status]));
  return (after.tasks ?? [])
    .filter((task) => task.status === 'cancelled' && was.has(task.id) && !isTerminal(was.get(task.id) as TaskStatus))
    .map((task) => task.id);
}

/**
 * Adds tasks to the mandate: those its templates give on entering a phase
 * (`actor` null) or one the office lead adds by hand.
 */
export function addTasks(state: MandateState, tasks: NewTaskRef[], actor: PersonRef | null, at: string): MandateState {
  const known = new Set((state.tasks ?? []).map((task) => task.id));
  const fresh = tasks.filter((task) => !known.has(task.id));
  if (fresh.length === 0) return state;
  if (state.phase === 'closed') throw new ConflictError('mandate_closed', 'The mandate is closed; it takes no more tasks.');
  const refs: MandateTaskRef[] = fresh.map((task) => ({
    id: task.id,
    type: task.type,
    title: task.title,
    phase: task.phase && isTaskPhase(task.phase) ? task.phase : null,
    round: task.round ?? state.revisionRound,
    required: task.required,
    status: 'open',
  }));
  const next = { ...state, tasks: [...(state.tasks ?? []), ...refs] };
  const details = { tasks: refs.map(({ id, title, required }) => ({ id, title, required })) };
  return record(next, at, actor, actor ? 'add-task' : 'tasks-created', state.phase, details);
}

const hasCategory = (breakdown: object | undefined) => breakdown !== undefined && Object.keys(breakdown).length > 0;

/**
 * A task of this mandate has ended. Done work yields what its type produces
 * (an option, data points, a progress entry) when the mandate's phase takes
 * it. Reporting the same end twice changes nothing.
 */
export function applyTaskOutcome(state: MandateState, outcome: TaskOutcome, at: string): MandateState {
  const ref = state.tasks?.find((task) => task.id === outcome.taskId);
  if (!ref || isTerminal(ref.status)) return state;
  let next: MandateState = { ...state, tasks: (state.tasks ?? []).map((task) => (task.id === ref.id ? { ...task, status: outcome.status } : task)) };
  const yields = outcome.status === 'done' ? TASK_TYPE_INFO[ref.type].yields : null;
  const by = outcome.completedBy ?? { id: 'system', name: 'System' };
  const output = (outcome.output ?? {}) as Record<string, unknown>;
  const added: string[] = [];
  // The outputs were validated against the task type's schema, which matches the action's payload.
  if (yields === 'option' && ACTION_PHASES['add-option'].includes(state.phase)) {
    const [withIt, option] = withOption(next, output as ActionPayloads['add-option'], by, at);
    next = withIt;
    added.push(option.id);
  }
  if (yields === 'data' && ACTION_PHASES['record-data'].includes(state.phase)) {
    // Placeholders ("-", ".", "x") and breakdowns live in the monitoring store; the mandate keeps the plain totals.
    const points = (output.points ?? []) as (Partial<ActionPayloads['record-data']> & { status?: string; breakdown?: object })[];
    const totals = points.filter(
      (p): p is ActionPayloads['record-data'] => typeof p.value === 'number' && (p.status ?? 'value') === 'value' && !hasCategory(p.breakdown),
    );
    for (const p of totals.map(({ indicator, period, value, unit, source }) => ({ indicator, period, value, unit, source }))) {
      const [withIt, point] = withDataPoint(next, p, by, at);
      next = withIt;
      added.push(point.id);
    }
  }
  if (yields === 'progress' && ACTION_PHASES['report-progress'].includes(state.phase)) {
    const [withIt, entry] = withProgress(next, output as ActionPayloads['report-progress'], by, at);
    next = withIt;
    added.push(entry.id);
  }
  const action = outcome.status === 'done' ? 'task-done' : 'task-cancelled';
  return record(next, at, outcome.completedBy, action, state.phase, { taskId: ref.id, title: ref.title, added });
}
