import type { Client } from '@temporalio/client';
import type { Models } from '../store/models';

/** Side effects of the vote workflow. */
export function createVoteActivities(_models: Models, _client: Client) {
  return {};
}

export type VoteActivities = ReturnType<typeof createVoteActivities>;
