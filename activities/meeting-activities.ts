import type { Client } from '@temporalio/client';
import type { Models } from '../store/models';

/** Side effects of the meeting workflow. */
export function createMeetingActivities(_models: Models, _client: Client) {
  return {};
}

export type MeetingActivities = ReturnType<typeof createMeetingActivities>;
