import { actualQuorum, allowedMeetingActions, quorumForecast } from '../../domain/board/meeting';
import type { DecisionRecord, MeetingState, QuorumRule, Recusal, Seat, VoteState } from '../../domain/board/types';
import type { Actor } from '../../domain/roles';

/** What a meeting's page shows of a vote on an item; a secret vote's outcome holds only its tally. */
export function presentVoteSummary(vote: VoteState) {
  return {
    id: vote.id,
    title: vote.subject.title,
    mode: vote.mode,
    secret: vote.secret,
    status: vote.status,
    openedAt: vote.openedAt,
    deadline: vote.deadline,
    outcome: vote.outcome,
    decisionNumber: vote.decisionNumber,
  };
}

/** What every presentation of a meeting starts with: which, when, where. */
const when = (meeting: MeetingState) => ({
  id: meeting.id,
  regionId: meeting.regionId,
  title: meeting.title,
  startsAt: meeting.startsAt,
  endsAt: meeting.endsAt,
  place: meeting.place,
  onlineUrl: meeting.onlineUrl,
  status: meeting.status,
});

/** A meeting in a list: no agenda or attendance, the viewer's own reply. */
export function presentMeetingSummary(meeting: MeetingState, actor: Actor) {
  return {
    ...when(meeting),
    invitedAt: meeting.invitedAt,
    agendaItems: meeting.agenda.length,
    statusReport: meeting.statusReport,
    viewerReply: meeting.attendance.find((a) => a.memberId === actor.id)?.reply ?? null,
    updatedAt: meeting.updatedAt,
  };
}

export interface MeetingContext {
  seats: Seat[];
  quorum: QuorumRule;
  votes: VoteState[];
  decisions: DecisionRecord[];
  /** Recusals declared for each item's matter, by item id. */
  recusals?: Record<string, Recusal[]>;
}

/** A meeting with its quorum forecast and actual quorum, each item's votes and decisions, and what the viewer may do. */
export function presentMeeting(meeting: MeetingState, actor: Actor, context: MeetingContext) {
  const itemVotes = (itemId: string) => context.votes.filter((v) => v.subject.itemId === itemId && v.subject.meetingId === meeting.id);
  return {
    ...when(meeting),
    sequence: meeting.sequence,
    invitedAt: meeting.invitedAt,
    agenda: meeting.agenda.map((item) => ({
      id: item.id,
      kind: item.kind,
      title: item.title,
      description: item.description,
      mandateId: item.mandateId,
      public: item.public,
      voteIds: [...new Set([...item.voteIds, ...itemVotes(item.id).map((v) => v.id)])],
      decisionNumbers: item.decisionNumbers,
      attachmentId: item.attachmentId,
      votes: itemVotes(item.id).map(presentVoteSummary),
      decisions: context.decisions.filter((d) => d.subject.meetingId === meeting.id && d.subject.itemId === item.id),
      recusals: (context.recusals?.[item.id] ?? []).map(({ memberId, name, reason, declaredAt }) => ({ memberId, name, reason, declaredAt })),
    })),
    attendance: meeting.attendance.map((a) => ({ memberId: a.memberId, name: a.name, reply: a.reply, repliedAt: a.repliedAt, present: a.present })),
    statusReport: meeting.statusReport,
    minutesNote: meeting.minutesNote,
    createdBy: meeting.createdBy,
    createdAt: meeting.createdAt,
    updatedAt: meeting.updatedAt,
    version: meeting.version,
    quorumForecast: quorumForecast(meeting, context.seats, context.quorum),
    actualQuorum: actualQuorum(meeting, context.seats, context.quorum),
    viewer: {
      allowed: allowedMeetingActions(meeting, actor),
      reply: meeting.attendance.find((a) => a.memberId === actor.id)?.reply ?? null,
    },
  };
}
