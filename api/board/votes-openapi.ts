import { z } from 'zod';
import { json, keyHeader, pathParam as path, problem, queryParams as query } from '../openapi-parts';
import { ballotSchema, extendSchema, listQuerySchema, openVoteSchema, recusalSchema, showOfHandsSchema } from './votes-router';

const vote = {
  description:
    'The vote as the caller sees it: subject, ballot, mode, secret, status, deadline, seats, ballots (none when secret), quorum, quorumRule, tally, outcome, participants, outstanding, and viewer {seats, recused, ballot, hasVoted, allowed}',
};
const errors = {
  401: problem('Not logged in'),
  403: problem('Not a member of the region, or the role does not show the board’s votes (data providers)'),
  404: problem('Unknown vote (also one of another region)'),
};
const conflict = (codes: string) => ({ 409: problem(`Not allowed in the vote’s status (${codes})`) });
const invalid = (fields: string) => ({ 422: problem(`Invalid fields; names each (${fields})`) });
const region = path('regionId');
const id = path('voteId');
const body = (schema: z.ZodType) => ({ required: true, content: json(schema) });

/** OpenAPI paths of the board's votes: list, open, ballot, recusal, show of hands, close, extend. */
export function votePaths() {
  const base = '/api/regions/{regionId}/votes/{voteId}';
  return {
    '/api/regions/{regionId}/votes': {
      get: {
        operationId: 'votes-list',
        summary: 'Votes of the region, newest first; waiting=me: open votes the caller may still cast a ballot in (members of the region but data providers)',
        parameters: [region, ...query(listQuerySchema)],
        responses: {
          200: { description: '{items: votes as the caller sees them}' },
          401: errors[401],
          403: errors[403],
          ...invalid('status, waiting, meetingId, mandateId'),
        },
      },
      post: {
        operationId: 'votes-open',
        summary: 'Open a vote, written (with a deadline) or in a meeting, on an agenda item, a mandate or a motion of its own (board chair, office lead)',
        parameters: [region, keyHeader],
        requestBody: body(openVoteSchema),
        responses: {
          201: { ...vote, headers: { Location: { description: 'The vote’s URL', schema: { type: 'string' } } } },
          401: errors[401],
          403: errors[403],
          409: problem('The board has no voting members (no_voting_members)'),
          ...invalid('subject.*, ballot.options, mode, deadline (not_in_future), subject.meetingId / itemId / mandateId not of this region'),
        },
      },
    },
    [base]: {
      get: {
        operationId: 'votes-get',
        summary: 'One vote as the caller sees it, with what they may do (members of the region but data providers)',
        parameters: [region, id],
        responses: { 200: vote, ...errors },
      },
    },
    [`${base}/ballot`]: {
      post: {
        operationId: 'votes-ballot',
        summary: 'Cast or replace a ballot for one’s own seat, or as deputy for forMemberId while that member has not voted (seat holders and their deputies)',
        parameters: [region, id, keyHeader],
        requestBody: body(ballotSchema),
        responses: {
          200: vote,
          ...errors,
          403: problem('Not a member of the region, or no seat in this vote and no deputy of forMemberId'),
          ...conflict('vote_not_open, recused, member_voted_already'),
          ...invalid('choice, optionId (unknown_option), forMemberId, note'),
        },
      },
    },
    [`${base}/recusals`]: {
      post: {
        operationId: 'votes-recuse',
        summary: 'Declare a recusal on the vote’s matter: oneself, or another member (board chair, office lead)',
        parameters: [region, id, keyHeader],
        requestBody: body(recusalSchema),
        responses: { 200: vote, ...errors, ...conflict('vote_not_open'), ...invalid('memberId (not_in_vote), reason') },
      },
    },
    [`${base}/show-of-hands`]: {
      post: {
        operationId: 'votes-show-of-hands',
        summary: 'Record the show of hands of a meeting vote, which closes it (board chair, office lead)',
        parameters: [region, id, keyHeader],
        requestBody: body(showOfHandsSchema),
        responses: {
          200: vote,
          ...errors,
          ...conflict('vote_not_open, not_meeting_vote'),
          ...invalid('tally.N.choice / optionId / count, tally (duplicate, too_many), castingChoice'),
        },
      },
    },
    [`${base}/close`]: {
      post: {
        operationId: 'votes-close',
        summary: 'Close an open vote now; without quorum or on a tie it becomes unresolved (board chair, office lead)',
        parameters: [region, id, keyHeader],
        responses: { 200: vote, ...errors, ...conflict('vote_not_open') },
      },
    },
    [`${base}/extend`]: {
      post: {
        operationId: 'votes-extend',
        summary: 'Give an open or unresolved vote a new deadline; an unresolved vote reopens with its ballots (board chair)',
        parameters: [region, id, keyHeader],
        requestBody: body(extendSchema),
        responses: { 200: vote, ...errors, ...conflict('vote_not_open'), ...invalid('deadline (not_in_future)') },
      },
    },
  };
}
