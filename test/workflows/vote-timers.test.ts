import { createMandateActivities } from '../../activities/mandate-activities';
import { createVoteActivities } from '../../activities/vote-activities';
import type { VoteDefinition } from '../../domain/board/types';
import type { Actor } from '../../domain/roles';
import { DEMO_USERS } from '../../store/seed';
import { findVote } from '../../store/votes';
import { castUpdate, voteStateQuery, voteWorkflowId } from '../../workflows/vote/messages';
import { uniqueName } from '../support/servers';
import { startTimeSkippingRig, type TimeSkippingRig } from '../support/time-skipping';

/** A written procedure's reminders and deadline are durable timers: these tests skip days on the time-skipping test server. */
let rig: TimeSkippingRig;
let env: TimeSkippingRig['env'];
let store: TimeSkippingRig['store'];
let taskQueue: string;
const DAY = 24 * 60 * 60 * 1000;
const HOUR = 60 * 60 * 1000;

const actor = (id: string): Actor => {
  const user = DEMO_USERS.find((u) => u.id === id)!;
  return { id: user.id, name: user.name, roles: [...user.roles] };
};
const MEMBERS = ['demo-chair', 'demo-board1', 'demo-board2', 'demo-board3', 'demo-board4'];

beforeAll(async () => {
  rig = await startTimeSkippingRig('vote-timers', (models, client) => ({ ...createMandateActivities(models), ...createVoteActivities(models, client) }));
  ({ env, store, taskQueue } = rig);
});

afterAll(() => rig?.stop());

async function writtenProcedure(days: number): Promise<{ id: string; definition: VoteDefinition }> {
  const now = await env.currentTimeMs();
  const id = uniqueName('v');
  const definition: VoteDefinition = {
    id,
    regionId: 'demo',
    subject: {
      kind: 'item',
      mandateId: null,
      meetingId: null,
      itemId: null,
      title: 'Haushalt Bildungsbüro 2027',
      motion: 'Der Beirat stimmt dem Haushalt zu.',
    },
    ballot: { kind: 'yes_no', options: [], allowRevise: false, allowReject: false },
    mode: 'written',
    secret: false,
    seats: MEMBERS.map((memberId) => ({ memberId, name: actor(memberId).name, deputies: [] })),
    chairId: 'demo-chair',
    quorum: { kind: 'majority' },
    tie: 'fails',
    openedAt: new Date(now).toISOString(),
    openedBy: { id: 'demo-chair', name: 'Clara Vorsitz' },
    deadline: new Date(now + days * DAY).toISOString(),
    reminderDays: [3, 1],
    recusals: [],
  };
  return { id, definition };
}

const notified = async (kind: string, voteId: string) =>
  (await store.models.Notification.find({ kind, 'params.voteId': voteId }).lean()).map((n) => n.userId).sort();

test('a written procedure reminds those who have not voted 3 and 1 days before its deadline, then closes at the deadline with a record', async () => {
  const { id, definition } = await writtenProcedure(5);
  const handle = await env.client.workflow.start('voteWorkflow', { workflowId: voteWorkflowId(id), taskQueue, args: [{ create: { definition } }] });
  await handle.executeUpdate(castUpdate, { args: [{ actor: actor('demo-board1'), choice: 'yes', optionId: null, forMemberId: null, note: null }] });
  await handle.executeUpdate(castUpdate, { args: [{ actor: actor('demo-board2'), choice: 'yes', optionId: null, forMemberId: null, note: null }] });
  expect(await notified('vote-opened', id)).toEqual([...MEMBERS].sort());

  // Just before the first reminder: none yet.
  await env.sleep(2 * DAY - HOUR);
  expect(await notified('vote-reminder', id)).toEqual([]);
  await env.sleep(2 * HOUR);
  expect(await notified('vote-reminder', id)).toEqual(['demo-board3', 'demo-board4', 'demo-chair']);

  // The chair votes; the second reminder goes to the two left only.
  await handle.executeUpdate(castUpdate, { args: [{ actor: actor('demo-chair'), choice: 'no', optionId: null, forMemberId: null, note: 'Zu teuer.' }] });
  await env.sleep(2 * DAY);
  const reminders = await store.models.Notification.find({ kind: 'vote-reminder', 'params.voteId': id }).lean();
  expect(reminders.filter((n) => n.userId === 'demo-board3')).toHaveLength(2);
  expect(reminders.filter((n) => n.userId === 'demo-chair')).toHaveLength(1);
  expect((await handle.query(voteStateQuery)).status).toBe('open');

  // The deadline passes: 2 yes, 1 no of 5 seats, quorum 3 reached: carried.
  await env.sleep(1 * DAY + HOUR);
  const state = await handle.result();
  expect(state.status).toBe('closed');
  expect(state.closeReason).toBe('deadline');
  expect(state.outcome?.result).toBe('approved');
  expect(state.decisionNumber).toMatch(/^BB-\d{4}\/\d{3}$/);
  const stored = await findVote(store.models, id);
  expect(stored?.decisionNumber).toBe(state.decisionNumber);
  expect(await notified('vote-closed', id)).toEqual([...MEMBERS].sort());
  const record = await store.models.Decision.findOne({ voteId: id }).lean();
  expect(record?.number).toBe(state.decisionNumber);
});

test('without quorum at the deadline the vote stays unresolved and records nothing', async () => {
  const { id, definition } = await writtenProcedure(2);
  const handle = await env.client.workflow.start('voteWorkflow', { workflowId: voteWorkflowId(id), taskQueue, args: [{ create: { definition } }] });
  await handle.executeUpdate(castUpdate, { args: [{ actor: actor('demo-board1'), choice: 'yes', optionId: null, forMemberId: null, note: null }] });
  await env.sleep(2 * DAY + HOUR);
  const state = await handle.query(voteStateQuery);
  expect(state.status).toBe('unresolved');
  expect(state.outcome?.result).toBe('no_quorum');
  expect(state.decisionNumber).toBeNull();
  // Opened two days before the deadline: the 3-day reminder was past already and is not sent; the 1-day one is.
  const reminders = await store.models.Notification.find({ kind: 'vote-reminder', 'params.voteId': id }).lean();
  expect(reminders.filter((n) => n.userId === 'demo-board2')).toHaveLength(1);
  expect(await store.models.Decision.countDocuments({ voteId: id })).toBe(0);
});
