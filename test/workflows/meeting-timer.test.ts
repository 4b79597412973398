import { createMeetingActivities } from '../../activities/meeting-activities';
import type { MeetingState } from '../../domain/board/types';
import type { Actor } from '../../domain/roles';
import { listAttachments } from '../../store/attachments';
import { findMeeting } from '../../store/meetings';
import { DEMO_USERS } from '../../store/seed';
import { meetingActionUpdate, meetingCreatedUpdate, meetingStateQuery, meetingWorkflowId } from '../../workflows/meeting/messages';
import { uniqueName } from '../support/servers';
import { startTimeSkippingRig, type TimeSkippingRig } from '../support/time-skipping';

/** The status report is made by a durable timer `reportLeadDays` (7) before the meeting: these tests skip weeks on the time-skipping server. */
let rig: TimeSkippingRig;
let env: TimeSkippingRig['env'];
let store: TimeSkippingRig['store'];
let taskQueue: string;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

const leadUser = DEMO_USERS.find((u) => u.email === 'lead@demo.test')!;
const lead: Actor = { id: leadUser.id, name: leadUser.name, roles: leadUser.roles };

beforeAll(async () => {
  rig = await startTimeSkippingRig('meeting-timer', (models, client) => createMeetingActivities(models, client));
  ({ env, store, taskQueue } = rig);
});

afterAll(() => rig?.stop());

async function startMeeting(startsInDays: number) {
  const start = (await env.currentTimeMs()) + startsInDays * DAY;
  const id = uniqueName('s');
  const input = { title: 'Sitzung des Beirats', startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * HOUR).toISOString(), place: 'Rathaus' };
  const handle = await env.client.workflow.start('meetingWorkflow', {
    workflowId: meetingWorkflowId(id),
    taskQueue,
    args: [{ create: { id, regionId: 'demo', input, actor: lead } }],
  });
  await handle.executeUpdate(meetingCreatedUpdate);
  return { id, start, handle, state: () => handle.query(meetingStateQuery) };
}

/** Skips the server's clock to an instant (plus a minute), then lets the report's activity finish. */
async function skipTo(instant: number, after = 60_000) {
  const wait = instant + after - (await env.currentTimeMs());
  if (wait > 0) await env.sleep(wait);
}

async function settled(read: () => Promise<MeetingState>, ok: (m: MeetingState) => boolean): Promise<MeetingState> {
  for (let i = 0; i < 100; i += 1) {
    const state = await read();
    if (ok(state)) return state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return read();
}

describe('the status report before a meeting', () => {
  it('is made seven days before, once, attached to the meeting and in the read model', async () => {
    const m = await startMeeting(20);
    const due = m.start - 7 * DAY;
    await skipTo(due, -HOUR);
    expect((await m.state()).statusReport).toBeNull();
    await skipTo(due);
    const state = await settled(m.state, (s) => s.statusReport !== null);
    expect(Date.parse(state.statusReport!.generatedAt)).toBeGreaterThanOrEqual(due);
    await env.sleep(3 * DAY);
    const attachments = await listAttachments(store.models, { kind: 'meeting', id: m.id });
    expect(attachments.map((a) => a.id)).toEqual([state.statusReport!.attachmentId]);
    expect(attachments[0]).toMatchObject({ contentType: 'application/pdf' });
    expect((await findMeeting(store.models, m.id))!.statusReport).toEqual(state.statusReport);
  });

  it('when the meeting moves later after its report, then a fresh report comes seven days before the new date', async () => {
    const m = await startMeeting(10);
    await skipTo(m.start - 7 * DAY);
    const first = (await settled(m.state, (s) => s.statusReport !== null)).statusReport!;
    const later = m.start + 14 * DAY;
    await m.handle.executeUpdate(meetingActionUpdate, {
      args: [
        { actor: lead, command: { action: 'edit', payload: { startsAt: new Date(later).toISOString(), endsAt: new Date(later + 2 * HOUR).toISOString() } } },
      ],
    });
    await skipTo(later - 7 * DAY, -HOUR);
    expect((await m.state()).statusReport).toEqual(first);
    await skipTo(later - 7 * DAY);
    const second = (await settled(m.state, (s) => s.statusReport?.attachmentId !== first.attachmentId)).statusReport!;
    expect(second.attachmentId).not.toBe(first.attachmentId);
    expect(Date.parse(second.generatedAt)).toBeGreaterThanOrEqual(later - 7 * DAY);
  });

  it('when the meeting is cancelled before the report is due, then none is made', async () => {
    const m = await startMeeting(15);
    await m.handle.executeUpdate(meetingActionUpdate, { args: [{ actor: lead, command: { action: 'cancel', payload: {} } }] });
    await m.handle.result();
    await skipTo(m.start);
    expect(await listAttachments(store.models, { kind: 'meeting', id: m.id })).toEqual([]);
    expect((await findMeeting(store.models, m.id))!.status).toBe('cancelled');
  });
});
