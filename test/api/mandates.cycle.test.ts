import { startTestStack, type TestStack } from '../support/stack';
import { act, createMandate, demoUsers, finishMandateTasks, mandateInDecision, mandatePath, mustAct, voteAll, type DemoUsers } from '../factories';

let stack: TestStack;
let u: DemoUsers;

beforeAll(async () => {
  stack = await startTestStack();
  u = await demoUsers(stack.baseUrl);
});
afterAll(() => stack?.stop());

describe('the mandate cycle through HTTP', () => {
  it('when the board approves, the office prepares, the board chooses an option and the office implements and evaluates, then the mandate is completed', async () => {
    const created = await createMandate(u);
    expect(created).toMatchObject({ phase: 'draft', version: 1, allowedActions: ['submit'] });

    const submitted = await mustAct(u.lead, created.id, 'submit', { voteDeadline: '2099-01-31' });
    expect(submitted.vote).toMatchObject({ kind: 'approval', status: 'open', quorum: { required: 3, cast: 0, reached: false } });
    expect(submitted.vote.deadline).toBe('2099-01-31T22:59:59.000Z');

    const afterOne = await mustAct(u.board[1]!, created.id, 'vote', { choice: 'no' });
    expect(afterOne.allowedActions).toEqual(['vote']);
    await mustAct(u.board[1]!, created.id, 'vote', { choice: 'yes' });
    const approved = await voteAll(u, created.id, { choice: 'yes' });
    expect(approved).toMatchObject({ phase: 'preparation', vote: null });

    const staffView = await mustAct(u.staff, created.id, 'add-option', { title: 'Lotsen', description: 'Ausbildungslotsen', cost: 50000 });
    expect(staffView.allowedActions).toEqual(['add-option', 'record-data']);
    await mustAct(u.staff, created.id, 'add-option', { title: 'Börse', description: 'Praktikumsbörse' });
    await mustAct(u.staff, created.id, 'record-data', { indicator: 'Ausbildungsabbrüche', period: '2025', value: 27.4, unit: '%' });
    expect((await act(u.lead, created.id, 'submit-dossier')).body).toMatchObject({ status: 409, code: 'required_tasks_open' });
    await finishMandateTasks(u, created.id);
    const dossier = await mustAct(u.lead, created.id, 'submit-dossier');
    expect(dossier).toMatchObject({ phase: 'decision', vote: { kind: 'decision', status: 'open' } });

    // Alternating, so the outcome stays open until the last ballot (the vote closes as soon as it is decided).
    for (const [i, member] of u.board.entries()) {
      await mustAct(member, created.id, 'vote', i % 2 === 0 ? { choice: 'option', optionId: 'o2' } : { choice: 'reject' });
    }
    const decided = (await u.manager.get(mandatePath(created.id))).body;
    expect(decided).toMatchObject({ phase: 'implementation', decision: { optionId: 'o2', optionTitle: 'Börse' }, allowedActions: [] });
    expect(decided.decision.tally).toContainEqual({ choice: 'option', optionId: 'o2', count: 3 });

    await mustAct(u.staff, created.id, 'report-progress', { text: 'Börse in Betrieb', percent: 60 });
    await finishMandateTasks(u, created.id);
    await mustAct(u.lead, created.id, 'complete-implementation', { summary: 'Börse läuft seit März' });
    await mustAct(u.staff, created.id, 'record-data', { indicator: 'Ausbildungsabbrüche', period: '2027', value: 21.9, unit: '%' });
    expect((await act(u.lead, created.id, 'close', { evaluation: 'zu früh' })).body).toMatchObject({ status: 409, code: 'required_tasks_open' });
    await finishMandateTasks(u, created.id);
    const closed = await mustAct(u.lead, created.id, 'close', { evaluation: 'Abbrüche um 5,5 Punkte gesunken' });
    expect(closed).toMatchObject({ phase: 'closed', outcome: 'completed', allowedActions: [] });
    // One value recorded by hand and one per indicator from the data tasks, in each phase.
    expect(closed.data.map((d: { phase: string }) => d.phase)).toEqual(['preparation', 'preparation', 'preparation', 'evaluation', 'evaluation', 'evaluation']);
    expect(closed.options.map((o: { title: string }) => o.title)).toEqual(['Lotsen', 'Börse', 'Mentoring']);
    expect(closed.progress).toHaveLength(2);
    expect(closed.tasks.map((t: { status: string }) => t.status)).toEqual(Array(closed.tasks.length).fill('done'));
    expect(closed.tasks).toHaveLength(5 + 2 + 4);

    const history = (await u.manager.get(`${mandatePath(created.id)}/history`)).body.items;
    expect(history.map((e: { seq: number }) => e.seq)).toEqual(history.map((_: unknown, i: number) => i + 1));
    expect(
      history.filter((e: { action: string }) => e.action !== 'vote').map((e: { action: string; phaseAfter: string }) => `${e.action}:${e.phaseAfter}`),
    ).toEqual([
      'create:draft',
      'submit:approval',
      'close-vote:preparation',
      'tasks-created:preparation',
      'add-option:preparation',
      'add-option:preparation',
      'record-data:preparation',
      ...Array(5).fill('task-done:preparation'),
      'submit-dossier:decision',
      'close-vote:implementation',
      'tasks-created:implementation',
      'report-progress:implementation',
      ...Array(2).fill('task-done:implementation'),
      'complete-implementation:evaluation',
      'tasks-created:evaluation',
      'record-data:evaluation',
      ...Array(4).fill('task-done:evaluation'),
      'close:closed',
    ]);
    expect(history[1]).toMatchObject({ actor: { id: 'demo-lead' }, phaseBefore: 'draft' });
    expect(history.find((e: { action: string }) => e.action === 'close-vote').actor).toBeNull();
  });

  it('when the board asks for revision, then the mandate returns to preparation with its options and a new round', async () => {
    const inDecision = await mandateInDecision(u);
    const revised = await voteAll(u, inDecision.id, { choice: 'revise' });
    expect(revised).toMatchObject({ phase: 'preparation', revisionRound: 1 });
    expect(revised.options).toHaveLength(3);
    // A new round of preparation tasks, which hold the dossier again.
    expect(revised.tasks.filter((t: { round: number; status: string }) => t.round === 1 && t.status === 'open')).toHaveLength(5);
    await mustAct(u.staff, inDecision.id, 'add-option', { title: 'Kombination', description: 'Lotsen und Börse' });
    expect((await act(u.lead, inDecision.id, 'submit-dossier')).status).toBe(409);
    await finishMandateTasks(u, inDecision.id);
    const again = await mustAct(u.lead, inDecision.id, 'submit-dossier');
    expect(again.vote).toMatchObject({ id: 'v3', kind: 'decision', status: 'open' });
  });

  it('when the board rejects, then the mandate is closed as rejected and accepts no more actions', async () => {
    const inDecision = await mandateInDecision(u);
    const rejected = await voteAll(u, inDecision.id, { choice: 'reject' });
    expect(rejected).toMatchObject({ phase: 'closed', outcome: 'rejected' });
    const refused = await act(u.chair, inDecision.id, 'withdraw', { reason: 'zu spät' });
    expect(refused.status).toBe(409);
  });

  it('when the approval vote fails, then the mandate goes back to draft', async () => {
    const m = await createMandate(u);
    await mustAct(u.lead, m.id, 'submit');
    const back = await voteAll(u, m.id, { choice: 'no' });
    expect(back).toMatchObject({ phase: 'draft', vote: null });
  });

  it('when the chair withdraws a mandate, then it is closed as withdrawn with the reason', async () => {
    const m = await createMandate(u);
    const withdrawn = await mustAct(u.chair, m.id, 'withdraw', { reason: 'Landesprogramm übernimmt' });
    expect(withdrawn).toMatchObject({ phase: 'closed', outcome: 'withdrawn', withdrawalReason: 'Landesprogramm übernimmt' });
  });
});
