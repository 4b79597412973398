import { createMandateActivities } from '../../activities/mandate-activities';
import { createTaskActivities } from '../../activities/task-activities';
import { createVoteActivities } from '../../activities/vote-activities';
import type { Choice } from '../../domain/board/types';
import type { MandateState } from '../../domain/mandate';
import type { Actor } from '../../domain/roles';
import { findMandate } from '../../store/mandates';
import { setTaskTemplates } from '../../store/tasks';
import { DEMO_USERS } from '../../store/seed';
import { actionUpdate, mandateWorkflowId, stateQuery, type ActionUpdateArgs } from '../../workflows/mandate/messages';
import { castUpdate, extendUpdate, voteWorkflowId } from '../../workflows/vote/messages';
import { uniqueName } from '../support/servers';
import { startTimeSkippingRig, type TimeSkippingRig } from '../support/time-skipping';

/** Vote deadlines are durable timers: these tests skip 14 days of time on the time-skipping test server. */
let rig: TimeSkippingRig;
let env: TimeSkippingRig['env'];
let store: TimeSkippingRig['store'];
let taskQueue: string;

const actor = (email: string): Actor => {
  const user = DEMO_USERS.find((u) => u.email === email)!;
  return { id: user.id, name: user.name, roles: user.roles };
};
const lead = actor('lead@demo.test');
const chair = actor('chair@demo.test');
const board = ['chair@demo.test', 'board1@demo.test', 'board2@demo.test', 'board3@demo.test', 'board4@demo.test'].map(actor);

beforeAll(async () => {
  rig = await startTimeSkippingRig('votes', (models, client) => ({
    ...createMandateActivities(models),
    ...createTaskActivities(models, client),
    ...createVoteActivities(models, client),
  }));
  ({ env, store, taskQueue } = rig);
  // These tests are about votes: the region has no task templates, so no phase gate waits for office work.
  await setTaskTemplates(store.models, 'demo', { preparation: [], implementation: [], evaluation: [] });
});

afterAll(() => rig?.stop());

async function startMandate() {
  const id = uniqueName('m');
  const handle = await env.client.workflow.start('mandateWorkflow', {
    workflowId: mandateWorkflowId(id),
    taskQueue,
    args: [
      {
        create: {
          id,
          regionId: 'demo',
          actor: lead,
          input: { title: 'Fachkräfte sichern', actionField: 'Fachkräfte', question: 'Wie?', goals: ['mehr Erzieherinnen'], dueDate: '2027-09-30' },
        },
      },
    ],
  });
  const act = (args: ActionUpdateArgs) => handle.executeUpdate(actionUpdate, { args: [args] });
  const state = () => handle.query(stateQuery);
  /** The mandate's votes run as board votes: ballots and extensions go to the vote's own workflow. */
  const boardVote = async () => env.client.workflow.getHandle(voteWorkflowId((await state()).vote!.boardVoteId!));
  const vote = async (by: Actor, choice: Choice, optionId: string | null = null) =>
    (await boardVote()).executeUpdate(castUpdate, { args: [{ actor: by, choice, optionId, forMemberId: null, note: null }] });
  const extend = async (by: Actor, deadline: string) => (await boardVote()).executeUpdate(extendUpdate, { args: [{ actor: by, deadline }] });
  return { id, handle, act, state, vote, extend };
}

const DAY = 24 * 60 * 60 * 1000;

describe('mandate votes on durable timers', () => {
  it('when the deadline passes without quorum, then the vote is recorded as unresolved and only an extension reopens it', async () => {
    const m = await startMandate();
    await m.act({ actor: lead, command: { action: 'submit', payload: {} } });
    expect((await m.state()).vote).toMatchObject({ id: 'v1', status: 'open', boardVoteId: `${m.id}-v1` });
    await m.vote(board[1]!, 'yes');
    // The mandate takes no ballots itself: they belong to the board vote.
    await expect(m.act({ actor: board[2]!, command: { action: 'vote', payload: { choice: 'yes' } } })).rejects.toThrow();

    await env.sleep(13 * DAY);
    expect((await m.state()).vote).toMatchObject({ status: 'open' });
    await env.sleep(1 * DAY + 60_000);

    const unresolved: MandateState = await m.state();
    expect(unresolved).toMatchObject({ phase: 'approval', vote: { status: 'unresolved', unresolvedReason: 'no_quorum' } });
    expect(unresolved.events.at(-1)).toMatchObject({ action: 'close-vote', actor: null, details: { result: 'no_quorum' } });
    expect((await findMandate(store.models, m.id))?.vote).toMatchObject({ status: 'unresolved' });

    await expect(m.vote(board[2]!, 'yes')).rejects.toThrow();

    const deadline = new Date(Date.parse(unresolved.updatedAt) + 7 * DAY).toISOString();
    await m.extend(chair, deadline);
    expect((await m.state()).vote).toMatchObject({ status: 'open', deadline });
    await m.vote(board[2]!, 'yes');
    await m.vote(board[3]!, 'no');
    await env.sleep(7 * DAY + 60_000);

    const approved = await m.state();
    expect(approved).toMatchObject({ phase: 'preparation', vote: null });
    expect(approved.events.at(-1)).toMatchObject({
      action: 'close-vote',
      details: { result: 'approved', decisionNumber: expect.stringMatching(/^BB-\d{4}\/\d{3}$/) },
    });
    expect(Date.parse(approved.events.at(-1)!.at)).toBeGreaterThanOrEqual(Date.parse(deadline));
    expect((await findMandate(store.models, m.id))?.phase).toBe('preparation');
  });

  it('when quorum is reached but the outstanding ballots could still change the result, then the vote closes at the deadline, not before', async () => {
    const m = await startMandate();
    const submitted = await m.act({
      actor: lead,
      command: { action: 'submit', payload: { voteDeadline: new Date((await env.currentTimeMs()) + 3 * DAY).toISOString() } },
    });
    await m.vote(board[0]!, 'no');
    await m.vote(board[1]!, 'no');
    await m.vote(board[2]!, 'yes');
    // 1 yes, 2 no, 2 outstanding: two more yes would carry it.
    expect((await m.state()).phase).toBe('approval');
    await env.sleep(Date.parse(submitted.vote!.deadline) - Date.parse(submitted.updatedAt) + 60_000);
    const after = await m.state();
    expect(after).toMatchObject({ phase: 'draft', vote: null });
    expect(after.events.at(-1)).toMatchObject({ action: 'close-vote', details: { result: 'not_approved' } });
  });

  it('when the outstanding ballots can no longer change the result, then the vote closes at once', async () => {
    const m = await startMandate();
    await m.act({ actor: lead, command: { action: 'submit', payload: {} } });
    await m.vote(board[0]!, 'yes');
    await m.vote(board[1]!, 'yes');
    expect((await m.state()).phase).toBe('approval');
    // 3 yes, 0 no, 2 outstanding: nothing can turn it.
    await m.vote(board[2]!, 'yes');
    expect(await m.state()).toMatchObject({ phase: 'preparation', vote: null });
  });

  it('when a decision vote ends in a tie at its deadline, then it stays unresolved in decision', async () => {
    const m = await startMandate();
    await m.act({ actor: lead, command: { action: 'submit', payload: {} } });
    for (const member of board.slice(0, 3)) await m.vote(member, 'yes');
    expect((await m.state()).phase).toBe('preparation');
    await m.act({ actor: lead, command: { action: 'add-option', payload: { title: 'A', description: 'Option A' } } });
    await m.act({ actor: lead, command: { action: 'add-option', payload: { title: 'B', description: 'Option B' } } });
    await m.act({ actor: lead, command: { action: 'record-data', payload: { indicator: 'Quote', period: '2025', value: 3 } } });
    await m.act({ actor: lead, command: { action: 'submit-dossier', payload: {} } });
    await m.vote(board[0]!, 'option', 'o1');
    await m.vote(board[1]!, 'option', 'o2');
    await m.vote(board[2]!, 'abstain');
    await env.sleep(15 * DAY);
    expect(await m.state()).toMatchObject({ phase: 'decision', vote: { status: 'unresolved', unresolvedReason: 'tie' } });
  });
});
