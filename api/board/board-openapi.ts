import { boardInputSchema } from '../../domain/board/composition';
import { json, pathParam as path, problem } from '../openapi-parts';

const board =
  'regionId, code, name, quorum, tie, secretByDefault, reminderDays, reportLeadDays, yellowDays, members [{userId, name, voting, chair, deputyOf, termFrom, termUntil}], updatedAt, updatedBy';
const errors = {
  401: problem('Not logged in'),
  403: problem('Not a member of the region, or the role does not allow it'),
};

/** OpenAPI paths of the board's composition. */
export function boardPaths() {
  const region = path('regionId');
  return {
    '/api/regions/{regionId}/board': {
      get: {
        operationId: 'board-get',
        summary: 'The board’s composition (the default one while none is saved), with today’s seats and chair (every member of the region)',
        parameters: [region],
        responses: { 200: { description: `${board}, seats, chairId` }, ...errors },
      },
      put: {
        operationId: 'board-put',
        summary: 'Replace the board’s composition; members are users of the region (office lead, admin)',
        parameters: [region],
        requestBody: { required: true, content: json(boardInputSchema) },
        responses: {
          200: { description: `The saved board: ${board}` },
          ...errors,
          422: problem(
            'Invalid fields; names each (code, name, quorum.count, members.N.userId (not_region_user, duplicate), members.N.chair, members.N.deputyOf, …)',
          ),
        },
      },
    },
  };
}
