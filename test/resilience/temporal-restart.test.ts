import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, startTemporalDevServer, type ServerHandle } from '../../scripts/servers';
import { startTestStack, type TestStack } from '../support/stack';
import { testTemporalCliPath } from '../support/servers';
import { createMandate, demoUsers, mandatePath, mustAct, type DemoUsers } from '../factories';

/** This file runs its own dev server on a database file, so it can stop and restart it. */
let temporal: ServerHandle;
let stack: TestStack;
let u: DemoUsers;
let port: number;
const dir = mkdtempSync(path.join(os.tmpdir(), 'temporal-restart-'));
const dbFile = path.join(dir, 'temporal.db');

beforeAll(async () => {
  port = await freePort();
  temporal = await startTemporalDevServer({ cliPath: testTemporalCliPath(), port, dbFile });
  stack = await startTestStack({ temporalAddress: temporal.address });
  u = await demoUsers(stack.baseUrl);
});
afterAll(async () => {
  await stack?.stop();
  await temporal?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a restart of the Temporal dev server', () => {
  it('when the server is killed and restarted on its persisted file, then the mandate, its vote and its history survive and the cycle goes on', async () => {
    const m = await createMandate(u);
    await mustAct(u.lead, m.id, 'submit');
    await mustAct(u.board[1]!, m.id, 'vote', { choice: 'yes' });
    const before = (await u.lead.get(mandatePath(m.id))).body;

    temporal.kill('SIGKILL');
    await temporal.exited;
    // Reads come from the read models: the mandate page works while Temporal is down.
    expect((await u.lead.get(mandatePath(m.id))).body).toEqual(before);
    temporal = await startTemporalDevServer({ cliPath: testTemporalCliPath(), port, dbFile });

    // The open board vote with its ballot is still in its workflow: two more yes decide it.
    for (const member of [u.board[0]!, u.board[2]!]) {
      const reply = await mustActWithRetry(member, m.id);
      expect(reply.status).toBe(200);
    }
    const after = (await u.lead.get(mandatePath(m.id))).body;
    // The vote's close and the office's tasks for preparation (the ballots are the board vote's).
    expect(after).toMatchObject({ phase: 'preparation', version: before.version + 2 });
    expect(after.tasks).toHaveLength(5);
    const history = (await u.lead.get(`${mandatePath(m.id)}/history`)).body.items;
    expect(history.map((e: { action: string }) => e.action)).toEqual(['create', 'submit', 'close-vote', 'tasks-created']);
    const vote = (await u.lead.get(`/api/regions/demo/votes/${before.vote.boardVoteId}`)).body;
    expect(vote).toMatchObject({ status: 'closed', outcome: { result: 'approved' } });
    expect(vote.ballots.map((b: { seatId: string }) => b.seatId).sort()).toEqual(['demo-board1', 'demo-board2', 'demo-chair']);
  });
});

/** The API's and worker's connections reconnect on their own; the first call after the restart may need a moment. */
async function mustActWithRetry(member: DemoUsers['lead'], id: string) {
  for (let attempt = 0; ; attempt++) {
    const reply = await member.post(`${mandatePath(id)}/actions/vote`, { choice: 'yes' }, { 'Idempotency-Key': `restart-vote-${id}` });
    if (reply.status === 200 || attempt >= 20) return reply;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
