import { z } from 'zod';
import {
  agendaItemSchema,
  attendanceSchema,
  cancelMeetingSchema,
  createMeetingSchema,
  editAgendaItemSchema,
  editMeetingSchema,
  moveAgendaItemSchema,
  replySchema,
} from '../../domain/board/meeting';
import { json, keyHeader, pathParam as path, problem } from '../openapi-parts';

const meeting = { description: 'The meeting with quorumForecast, actualQuorum, votes and decisions per agenda item, and viewer.allowed' };
const errors = {
  401: problem('Not logged in'),
  403: problem('Not a member of the region, or the role does not allow it'),
  404: problem('Unknown meeting or agenda item (also one of another region)'),
  409: problem('Not allowed in the meeting’s status (meeting_not_planned, meeting_not_started, item_has_votes)'),
  422: problem('Invalid fields; names each'),
};
const region = path('regionId');
const id = path('meetingId');
const item = path('itemId');
const body = (schema: z.ZodType) => ({ required: true, content: json(schema) });
const change = (summary: string, schema: z.ZodType | null, params = [region, id]) => ({
  summary,
  parameters: [...params, keyHeader],
  ...(schema ? { requestBody: body(schema) } : {}),
  responses: { 200: meeting, ...errors },
});
const file = (type: string, description: string) => ({ description, content: { [type]: { schema: { type: 'string', format: 'binary' } } } });

/** OpenAPI paths of the board's meetings. */
export function meetingPaths() {
  const base = '/api/regions/{regionId}/meetings/{meetingId}';
  return {
    '/api/regions/{regionId}/meetings': {
      get: { summary: 'Meetings, upcoming first', parameters: [region], responses: { 200: { description: '{items}' }, 401: errors[401], 403: errors[403] } },
      post: {
        summary: 'Plan a meeting (board chair, office)',
        parameters: [region, keyHeader],
        requestBody: body(createMeetingSchema),
        responses: { 201: meeting, ...errors },
      },
    },
    [base]: {
      get: { parameters: [region, id], responses: { 200: meeting, ...errors } },
      patch: change('Edit; a new time, place or link sends updates', editMeetingSchema),
    },
    [`${base}/agenda`]: { post: { ...change('Add an agenda item', agendaItemSchema), responses: { 201: meeting, ...errors } } },
    [`${base}/agenda/{itemId}`]: {
      patch: change('Edit an agenda item', editAgendaItemSchema, [region, id, item]),
      delete: change('Remove an agenda item without votes', null, [region, id, item]),
    },
    [`${base}/agenda/{itemId}/move`]: { post: change('Move an agenda item (position from 0)', moveAgendaItemSchema, [region, id, item]) },
    [`${base}/agenda/{itemId}/recusals`]: {
      post: {
        summary: 'Declare a recusal on the item (oneself; chair and office lead for others)',
        parameters: [region, id, item],
        requestBody: body(z.strictObject({ memberId: z.string().optional(), reason: z.string().optional() })),
        responses: { 201: { description: 'The recusal' }, ...errors },
      },
    },
    [`${base}/invitations`]: { post: change('Send the invitations (again: updates with the next SEQUENCE)', null) },
    [`${base}/cancel`]: { post: change('Cancel (board chair, office lead); invitees get METHOD:CANCEL', cancelMeetingSchema) },
    [`${base}/held`]: { post: change('Mark the meeting held (board chair, office lead)', null) },
    [`${base}/reply`]: { put: change('An invitee’s reply', replySchema) },
    [`${base}/attendance`]: { put: change('Who was present (chair, office)', attendanceSchema) },
    [`${base}/ics`]: { get: { parameters: [region, id], responses: { 200: file('text/calendar', 'iCalendar, METHOD:REQUEST or CANCEL'), ...errors } } },
    [`${base}/minutes.pdf`]: {
      get: {
        parameters: [region, id, { name: 'public', in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'] } }],
        responses: { 200: file('application/pdf', 'The minutes; public=true: the public part only'), ...errors },
      },
    },
    [`${base}/status-report`]: {
      get: { parameters: [region, id], responses: { 200: { description: 'StatusReport as of now, and the attached one' }, ...errors } },
    },
    [`${base}/status-report.pdf`]: {
      get: { parameters: [region, id], responses: { 200: file('application/pdf', 'The attached report (made now if there is none)'), ...errors } },
    },
  };
}
