import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import type { VoteState } from '../domain/board/types';
import { forgetSecretChoices } from '../domain/board/vote';
import type { Models } from './models';
import { writeVersioned } from './writes';

/**
 * The votes' read model: one document per vote (`_id` = vote id), the state
 * as JSON text (ballots and seats hold arrays in arrays, which FerretDB does
 * not store) beside the few fields lists filter on. A secret vote's choices
 * never reach this collection: the workflow writes them stripped.
 */
export const voteSchema = new Schema(
  {
    _id: { type: String, required: true },
    regionId: { type: String, required: true },
    status: { type: String, required: true },
    meetingId: { type: String, default: null },
    mandateId: { type: String, default: null },
    /** Seat members and their deputies: whoever may see the vote in "waiting for your vote". */
    memberIds: { type: [String], default: [] },
    openedAt: { type: String, required: true },
    version: { type: Number, required: true },
    state: { type: String, required: true },
  },
  { versionKey: false },
);

export function voteModel(connection: Connection) {
  return connection.model('Vote', voteSchema, 'votes') as Model<InferSchemaType<typeof voteSchema>>;
}

interface VoteDoc {
  _id: string;
  version: number;
  state: string;
}

const parse = (doc: VoteDoc) => JSON.parse(doc.state) as VoteState;

/**
 * What the read model keeps of a vote: a secret vote never with anybody's
 * choice, also while it is open (only the workflow holds them, to let a
 * ballot be changed); who took part stays.
 */
export function readModelOf(state: VoteState): VoteState {
  if (!state.secret) return state;
  return { ...state, ballots: forgetSecretChoices({ ...state, status: 'closed' }).ballots };
}

/** Writes the vote's read model (a secret vote without choices) unless a newer version is already there. */
export async function saveVoteProjection(models: Models, full: VoteState): Promise<void> {
  const state = readModelOf(full);
  const stored = await models.Vote.findById(state.id, { version: 1 }).lean<{ version: number }>();
  const memberIds = [...new Set(state.seats.flatMap((seat) => [seat.memberId, ...seat.deputies.map((d) => d.id)]))];
  await writeVersioned(
    models.Vote,
    state.id,
    {
      regionId: state.regionId,
      status: state.status,
      meetingId: state.subject.meetingId,
      mandateId: state.subject.mandateId,
      memberIds,
      openedAt: state.openedAt,
      version: state.version,
      state: JSON.stringify(state),
    },
    stored?.version ?? null,
  );
}

export async function findVote(models: Models, id: string): Promise<VoteState | null> {
  const doc = await models.Vote.findById(id).lean<VoteDoc>();
  return doc ? parse(doc) : null;
}

export interface VoteListQuery {
  status?: VoteState['status'];
  meetingId?: string;
  mandateId?: string;
  /** Only votes this person may cast a ballot in (as member or deputy). */
  memberId?: string;
}

/** The region's votes, newest first. */
export async function listVotes(models: Models, regionId: string, query: VoteListQuery = {}): Promise<VoteState[]> {
  const filter: Record<string, unknown> = { regionId };
  if (query.status) filter.status = query.status;
  if (query.meetingId) filter.meetingId = query.meetingId;
  if (query.mandateId) filter.mandateId = query.mandateId;
  if (query.memberId) filter.memberIds = query.memberId;
  const docs = await models.Vote.find(filter).sort({ openedAt: -1 }).lean<VoteDoc[]>();
  return docs.map(parse);
}
