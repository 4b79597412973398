import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';
import type { MeetingState } from '../domain/board/types';
import { loadBoard } from './boards';
import type { Models } from './models';
import { findUserById } from './users';
import { writeVersioned } from './writes';

/**
 * The meetings' read model: one document per meeting (`_id` = meeting id),
 * written only by the meeting workflow's activity (compare-and-set on
 * version). The state is JSON text, like the votes' (agenda items hold
 * arrays; text keeps FerretDB out of it), beside the fields lists need.
 */
export const meetingSchema = new Schema(
  {
    _id: { type: String, required: true },
    regionId: { type: String, required: true },
    status: { type: String, required: true },
    startsAt: { type: String, required: true },
    version: { type: Number, required: true },
    state: { type: String, required: true },
  },
  { versionKey: false },
);
meetingSchema.index({ regionId: 1, startsAt: 1 });

export function meetingModel(connection: Connection) {
  return connection.model('Meeting', meetingSchema, 'meetings') as Model<InferSchemaType<typeof meetingSchema>>;
}

interface MeetingDoc {
  _id: string;
  version: number;
  state: string;
}

const parse = (doc: MeetingDoc) => JSON.parse(doc.state) as MeetingState;

/** Writes the meeting's read model unless the same or a newer version is there (a retried activity). */
export async function saveMeetingProjection(models: Models, meeting: MeetingState): Promise<void> {
  const stored = await models.Meeting.findById(meeting.id, { version: 1 }).lean<{ version: number }>();
  await writeVersioned(
    models.Meeting,
    meeting.id,
    { regionId: meeting.regionId, status: meeting.status, startsAt: meeting.startsAt, version: meeting.version, state: JSON.stringify(meeting) },
    stored?.version ?? null,
  );
}

export async function findMeeting(models: Models, id: string): Promise<MeetingState | null> {
  const doc = await models.Meeting.findById(id).lean<MeetingDoc>();
  return doc ? parse(doc) : null;
}

/**
 * The region's meetings: those still to come first (soonest first), then the
 * past and cancelled ones (latest first).
 */
export async function listMeetings(models: Models, regionId: string, now = new Date()): Promise<MeetingState[]> {
  const meetings = (await models.Meeting.find({ regionId }).lean<MeetingDoc[]>()).map(parse);
  const upcoming = (m: MeetingState) => m.status === 'planned' && Date.parse(m.endsAt) >= now.getTime();
  const coming = meetings.filter(upcoming).sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
  const past = meetings.filter((m) => !upcoming(m)).sort((a, b) => b.startsAt.localeCompare(a.startsAt) || a.id.localeCompare(b.id));
  return [...coming, ...past];
}

/** The meeting's invitees with their e-mail addresses and the board's name: the people of its ICS. */
export async function meetingCalendarPeople(
  models: Models,
  meeting: MeetingState,
): Promise<{ organizerName: string; attendees: { name: string; email: string }[] }> {
  const [board, users] = await Promise.all([
    loadBoard(models, meeting.regionId),
    // One by _id each: the only lookup FerretDB does not answer by scanning.
    Promise.all(meeting.attendance.map((a) => findUserById(models, a.memberId))),
  ]);
  const attendees = users.flatMap((user, i) => (user ? [{ name: meeting.attendance[i]!.name, email: user.email }] : []));
  return { organizerName: board.name, attendees };
}
