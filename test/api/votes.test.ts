import { startTestStack, type TestStack } from '../support/stack';
import type { ApiClient } from '../support/http';
import { createMandate, demoUsers, finishMandateTasks, mandateInDecision, mandatePath, mustAct, voteAll, type DemoUsers } from '../factories';
import { samplePdf } from '../fixtures/files';

let stack: TestStack;
let u: DemoUsers;

beforeAll(async () => {
  stack = await startTestStack();
  u = await demoUsers(stack.baseUrl);
});
afterAll(() => stack?.stop());

const votesPath = '/api/regions/demo/votes';
const inAWeek = () => new Date(Date.now() + 7 * 24 * 60 * 60 * 1000).toISOString();

async function openVote(client: ApiClient, body: Record<string, unknown>) {
  const reply = await client.post(votesPath, {
    subject: { title: 'Leitbild Bildungsregion', motion: 'Der Beirat beschließt das Leitbild in der vorgelegten Fassung.' },
    ballot: { kind: 'yes_no' },
    mode: 'written',
    deadline: inAWeek(),
    ...body,
  });
  if (reply.status !== 201) throw new Error(`open vote → ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

async function mustCast(client: ApiClient, voteId: string, ballot: Record<string, unknown>) {
  const reply = await client.post(`${votesPath}/${voteId}/ballot`, ballot);
  if (reply.status !== 200) throw new Error(`ballot → ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

describe('votes of the board through HTTP', () => {
  it('when five members vote at the same instant, then every ballot counts', async () => {
    for (let round = 0; round < 3; round++) {
      // Five options, one each: no ballot decides it early, so all five must land.
      const vote = await openVote(u.chair, { ballot: { kind: 'options', options: ['A', 'B', 'C', 'D', 'E'].map((title) => ({ title })) } });
      const replies = await Promise.all(u.board.map((member, i) => member.post(`${votesPath}/${vote.id}/ballot`, { choice: 'option', optionId: `o${i + 1}` })));
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      const after = (await u.manager.get(`${votesPath}/${vote.id}`)).body;
      expect(after.ballots).toHaveLength(5);
      expect(new Set(after.ballots.map((b: { seatId: string }) => b.seatId)).size).toBe(5);
      expect(after).toMatchObject({ status: 'unresolved', closeReason: 'all_voted', outcome: { result: 'tie' } });
    }
  });

  it('when a member changes their ballot, then only the last one counts, and the live quorum follows', async () => {
    const vote = await openVote(u.chair, {});
    expect(vote.quorum).toMatchObject({ seats: 5, eligible: 5, required: 3, participating: 0, reached: false });
    const first = await mustCast(u.board[1]!, vote.id, { choice: 'no' });
    expect(first.viewer).toMatchObject({ ballot: { choice: 'no' }, hasVoted: true });
    const changed = await mustCast(u.board[1]!, vote.id, { choice: 'yes' });
    expect(changed.tally).toEqual([
      { choice: 'yes', count: 1 },
      { choice: 'no', count: 0 },
      { choice: 'abstain', count: 0 },
    ]);
    expect(changed.quorum).toMatchObject({ participating: 1, reached: false });
    const waiting = (await u.board[2]!.get(`${votesPath}?waiting=me`)).body.items.map((v: { id: string }) => v.id);
    expect(waiting).toContain(vote.id);
    expect((await u.board[1]!.get(`${votesPath}?waiting=me`)).body.items.map((v: { id: string }) => v.id)).not.toContain(vote.id);
  });

  it('when a member is recused, then they cannot vote, do not count towards the quorum, cannot open the confidential papers, and the record says so', async () => {
    const mandate = await mandateInDecision(u);
    const voteId = mandate.vote.boardVoteId;
    const confidential = await uploadPdf(u.lead, mandatePath(mandate.id), 'Angebot-Traeger.pdf', true);
    const open = await uploadPdf(u.lead, mandatePath(mandate.id), 'Sachstand.pdf', false);

    const recused = await u.board[1]!.post(`${votesPath}/${voteId}/recusals`, { reason: 'Geschäftsführer eines Trägers' });
    expect(recused.status).toBe(200);
    expect(recused.body.quorum).toMatchObject({ seats: 5, recused: 1, eligible: 4, required: 3 });
    expect(recused.body.viewer).toMatchObject({ recused: true, allowed: [] });

    const refused = await u.board[1]!.post(`${votesPath}/${voteId}/ballot`, { choice: 'option', optionId: 'o1' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('recused');
    // Through the mandate as well.
    expect((await u.board[1]!.post(`${mandatePath(mandate.id)}/actions/vote`, { choice: 'option', optionId: 'o1' })).body.code).toBe('recused');

    expect((await u.board[1]!.get(confidential)).status).toBe(403);
    expect((await u.board[1]!.get(confidential)).body.code).toBe('recused');
    expect((await u.board[1]!.get(open)).status).toBe(200);
    expect((await u.board[2]!.get(confidential)).status).toBe(200);

    // Four eligible seats: three ballots for o1 decide it.
    for (const member of [u.board[0]!, u.board[2]!, u.board[3]!]) await mustCast(member, voteId, { choice: 'option', optionId: 'o1' });
    const decided = (await u.manager.get(mandatePath(mandate.id))).body;
    expect(decided).toMatchObject({ phase: 'implementation', decision: { optionId: 'o1', decisionNumber: expect.stringMatching(/^BB-\d{4}\/\d{3}$/) } });
    const decisionId = decided.decision.decisionNumber.replace('/', '-');
    const record = (await u.manager.get(`/api/regions/demo/decisions/${decisionId}`)).body;
    expect(record.recusals).toEqual([expect.objectContaining({ memberId: 'demo-board1', reason: 'Geschäftsführer eines Trägers' })]);
    expect(record.votes.map((v: { memberId: string }) => v.memberId)).not.toContain('demo-board1');
    expect(record.quorum).toMatchObject({ eligible: 4, recused: 1 });
    expect(record.dossier.hash).toBe(mandate.dossier.hash);
  });

  it('when the vote is secret, then nobody sees who chose what, neither while open nor in the record', async () => {
    const vote = await openVote(u.chair, { secret: true });
    const own = await mustCast(u.board[1]!, vote.id, { choice: 'no' });
    expect(own.ballots).toEqual([]);
    expect(own.tally).toBeNull();
    expect(own.viewer).toMatchObject({ ballot: null, hasVoted: true });
    expect(own.participants).toEqual([{ id: 'demo-board1', name: 'Bernd Beirat' }]);
    const stored = await stack.store.models.Vote.findById(vote.id).lean();
    expect(JSON.parse(stored!.state).ballots.map((b: { choice: string }) => b.choice)).toEqual(['abstain']);

    for (const member of [u.board[0]!, u.board[2]!, u.board[3]!]) await mustCast(member, vote.id, { choice: 'yes' });
    const closed = (await u.manager.get(`${votesPath}/${vote.id}`)).body;
    expect(closed).toMatchObject({ status: 'closed', outcome: { result: 'approved' }, ballots: [] });
    expect(closed.tally).toContainEqual({ choice: 'no', count: 1 });
    const record = (await u.manager.get(`/api/regions/demo/decisions/${closed.decisionNumber.replace('/', '-')}`)).body;
    expect(record).toMatchObject({ secret: true, votes: null, result: 'approved' });
    expect(record.participants.map((p: { id: string }) => p.id).sort()).toEqual(['demo-board1', 'demo-board2', 'demo-board3', 'demo-chair']);
  });

  it('when the chair records a show of hands in a meeting, then the vote closes with those counts and no names', async () => {
    const vote = await openVote(u.chair, { mode: 'meeting', deadline: undefined });
    expect(vote.viewer.allowed).toEqual(expect.arrayContaining(['show-of-hands', 'close']));
    const tooMany = await u.chair.post(`${votesPath}/${vote.id}/show-of-hands`, { tally: [{ choice: 'yes', count: 6 }] });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors[0].field).toMatch(/^tally/);
    expect((await u.board[1]!.post(`${votesPath}/${vote.id}/show-of-hands`, { tally: [{ choice: 'yes', count: 3 }] })).status).toBe(403);
    const closed = await u.chair.post(`${votesPath}/${vote.id}/show-of-hands`, {
      tally: [
        { choice: 'yes', count: 3 },
        { choice: 'no', count: 1 },
        { choice: 'abstain', count: 1 },
      ],
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'show_of_hands', outcome: { result: 'approved' } });
    const record = (await u.manager.get(`/api/regions/demo/decisions/${closed.body.decisionNumber.replace('/', '-')}`)).body;
    expect(record).toMatchObject({ mode: 'meeting', votes: null });
    expect(record.tally).toContainEqual({ choice: 'yes', count: 3 });
  });

  it('when a deputy votes for an absent member, then the seat counts once, and the member’s own ballot replaces it', async () => {
    const board = (await u.lead.get('/api/regions/demo/board')).body;
    const members = board.members.map((m: { userId: string; termFrom: string }) => ({
      userId: m.userId,
      voting: m.userId !== 'demo-board4',
      chair: m.userId === 'demo-chair',
      deputyOf: m.userId === 'demo-board4' ? 'demo-board3' : null,
      termFrom: '2026-01-01',
      termUntil: null,
    }));
    const saved = await u.lead.put('/api/regions/demo/board', {
      code: 'BB',
      name: 'Bildungsbeirat',
      quorum: { kind: 'majority' },
      tie: 'chair_casting',
      members,
    });
    expect(saved.status).toBe(200);
    try {
      const vote = await openVote(u.chair, {});
      expect(vote.seats).toHaveLength(4);
      const byDeputy = await mustCast(u.board[4]!, vote.id, { choice: 'no', forMemberId: 'demo-board3' });
      expect(byDeputy.ballots).toEqual([
        expect.objectContaining({ seatId: 'demo-board3', castBy: { id: 'demo-board4', name: 'Bianca Beirat' }, choice: 'no' }),
      ]);
      const byMember = await mustCast(u.board[3]!, vote.id, { choice: 'yes' });
      expect(byMember.ballots).toEqual([
        expect.objectContaining({ seatId: 'demo-board3', castBy: { id: 'demo-board3', name: 'Boris Beirat' }, choice: 'yes' }),
      ]);
      const late = await u.board[4]!.post(`${votesPath}/${vote.id}/ballot`, { choice: 'no', forMemberId: 'demo-board3' });
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('member_voted_already');
      // 2 no, then the chair's yes makes it 2 : 2, and the chair's casting vote carries it.
      await mustCast(u.board[1]!, vote.id, { choice: 'no' });
      await mustCast(u.board[2]!, vote.id, { choice: 'no' });
      const closed = await mustCast(u.chair, vote.id, { choice: 'yes' });
      expect(closed).toMatchObject({ status: 'closed', outcome: { result: 'approved', castingVote: true } });
    } finally {
      await stack.store.models.Board.deleteOne({ _id: 'demo' });
    }
  });

  it('refuses what it must: wrong roles, other regions, bad input, closed votes', async () => {
    const bad = await u.chair.post(votesPath, {
      subject: { title: '', motion: 'x' },
      ballot: { kind: 'options', options: [{ title: 'nur eine' }] },
      mode: 'written',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['ballot.options', 'deadline', 'subject.title']);
    const past = await u.chair.post(votesPath, {
      subject: { title: 'x', motion: 'y' },
      ballot: { kind: 'yes_no' },
      mode: 'written',
      deadline: '2020-01-01T00:00:00Z',
    });
    expect(past.body.errors[0]).toMatchObject({ field: 'deadline', code: 'not_in_future' });
    expect((await u.board[1]!.post(votesPath, { subject: { title: 'x', motion: 'y' }, ballot: { kind: 'yes_no' }, mode: 'meeting' })).status).toBe(403);
    expect((await u.staff.post(votesPath, { subject: { title: 'x', motion: 'y' }, ballot: { kind: 'yes_no' }, mode: 'meeting' })).status).toBe(403);
    const before = await stack.store.models.Vote.countDocuments();

    const vote = await openVote(u.lead, { mode: 'meeting', deadline: undefined });
    expect(await stack.store.models.Vote.countDocuments()).toBe(before + 1);
    expect((await u.otherChair.get(`${votesPath}/${vote.id}`)).status).toBe(403);
    expect((await u.otherChair.get(`/api/regions/other/votes/${vote.id}`)).status).toBe(404);
    expect((await u.staff.post(`${votesPath}/${vote.id}/ballot`, { choice: 'yes' })).status).toBe(403);
    const badChoice = await u.board[1]!.post(`${votesPath}/${vote.id}/ballot`, { choice: 'option', optionId: 'o1' });
    expect(badChoice.status).toBe(422);
    expect(badChoice.body.errors[0].field).toBe('choice');
    expect((await u.board[1]!.post(`${votesPath}/${vote.id}/close`)).status).toBe(403);
    expect((await u.board[1]!.post(`${votesPath}/${vote.id}/recusals`, { memberId: 'demo-board2' })).status).toBe(403);

    const closed = await u.lead.post(`${votesPath}/${vote.id}/close`);
    expect(closed.body).toMatchObject({ status: 'unresolved', outcome: { result: 'no_quorum' } });
    const late = await u.board[1]!.post(`${votesPath}/${vote.id}/ballot`, { choice: 'yes' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('vote_not_open');
  });

  it('when the chair extends a tie, then it stays open for the members to reconsider, and a changed ballot decides it', async () => {
    const vote = await openVote(u.chair, { ballot: { kind: 'options', options: [{ title: 'A' }, { title: 'B' }] } });
    for (const [i, member] of u.board.entries())
      await mustCast(member, vote.id, i === 4 ? { choice: 'abstain' } : { choice: 'option', optionId: i % 2 ? 'o2' : 'o1' });
    expect((await u.manager.get(`${votesPath}/${vote.id}`)).body).toMatchObject({ status: 'unresolved', outcome: { result: 'tie' } });
    const reopened = await u.chair.post(`${votesPath}/${vote.id}/extend`, { deadline: inAWeek() });
    expect(reopened.body).toMatchObject({ status: 'open' });
    const decided = await mustCast(u.board[1]!, vote.id, { choice: 'option', optionId: 'o1' });
    expect(decided).toMatchObject({ status: 'closed', outcome: { result: 'option', optionId: 'o1' } });
  });

  it('when the chair extends a mandate’s open vote, then the mandate shows the new deadline', async () => {
    const m = await createMandate(u, { title: 'Verlängert' });
    await mustAct(u.lead, m.id, 'submit');
    const deadline = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000).toISOString();
    const extended = await mustAct(u.chair, m.id, 'extend-vote', { deadline });
    expect(extended.vote).toMatchObject({ status: 'open', deadline });
    const history = (await u.manager.get(`${mandatePath(m.id)}/history`)).body.items;
    expect(history.at(-1)).toMatchObject({ action: 'extend-vote', actor: { id: 'demo-chair' }, details: { deadline } });
  });

  it('when a secret vote ends without quorum, then its counts stay hidden until it closes', async () => {
    const vote = await openVote(u.chair, { secret: true, mode: 'meeting', deadline: undefined });
    await mustCast(u.board[1]!, vote.id, { choice: 'no' });
    const unresolved = (await u.chair.post(`${votesPath}/${vote.id}/close`)).body;
    expect(unresolved).toMatchObject({ status: 'unresolved', tally: null, participants: [{ id: 'demo-board1', name: 'Bernd Beirat' }] });
    expect(unresolved.outcome).toMatchObject({ result: 'no_quorum', tally: [] });
  });

  it('refuses a recusal that could not count, and stores nothing of it', async () => {
    const vote = await openVote(u.chair, { mode: 'meeting', deadline: undefined });
    const outsider = await u.chair.post(`${votesPath}/${vote.id}/recusals`, { memberId: 'demo-staff' });
    expect(outsider.status).toBe(422);
    expect(outsider.body.errors[0].field).toBe('memberId');
    // A vote that has ended (here: cancelled with its withdrawn mandate) takes no recusal.
    const cancelledMandate = await createMandate(u, { title: 'Befangenheit zu spät' });
    const submitted = await mustAct(u.lead, cancelledMandate.id, 'submit');
    await mustAct(u.chair, cancelledMandate.id, 'withdraw', { reason: 'erledigt' });
    const before = await stack.store.models.Recusal.countDocuments();
    let late = await u.board[1]!.post(`${votesPath}/${submitted.vote.boardVoteId}/recusals`, { reason: 'zu spät' });
    for (let i = 0; i < 100 && late.status === 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      late = await u.board[1]!.post(`${votesPath}/${submitted.vote.boardVoteId}/recusals`, { reason: 'zu spät' });
    }
    expect(late.status).toBe(409);
    expect(await stack.store.models.Recusal.countDocuments()).toBe(before);
  });

  it('checks what a vote is about: the meeting, the agenda item and the mandate must be this region’s', async () => {
    const foreign = await u.chair.post(votesPath, {
      subject: { title: 'x', motion: 'y', meetingId: 'nope', itemId: 'i1' },
      ballot: { kind: 'yes_no' },
      mode: 'meeting',
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0].field).toBe('subject.meetingId');
    const otherMandate = (
      await u.otherLead.post('/api/regions/other/mandates', { title: 'Fremd', actionField: 'x', question: 'y', goals: ['z'], dueDate: '2027-12-31' })
    ).body;
    const foreignMandate = await u.chair.post(votesPath, {
      subject: { title: 'x', motion: 'y', mandateId: otherMandate.id },
      ballot: { kind: 'yes_no' },
      mode: 'meeting',
    });
    expect(foreignMandate.status).toBe(422);
    expect(foreignMandate.body.errors[0].field).toBe('subject.mandateId');
  });

  it('refuses a second vote on a mandate whose own vote runs', async () => {
    const m = await createMandate(u, { title: 'Schon in Abstimmung' });
    const submitted = await mustAct(u.lead, m.id, 'submit');
    const beside = await u.chair.post(votesPath, { subject: { title: 'x', motion: 'y', mandateId: m.id }, ballot: { kind: 'yes_no' }, mode: 'meeting' });
    expect(beside.status).toBe(409);
    expect(beside.body).toMatchObject({ code: 'mandate_vote_running', voteId: submitted.vote.boardVoteId });
  });

  it('closes a mandate task’s confidential papers to a recused member, and refuses confidential papers without a matter', async () => {
    const m = await createMandate(u, { title: 'Vertraulich' });
    const submitted = await mustAct(u.lead, m.id, 'submit');
    const task = await u.lead.post('/api/regions/demo/tasks', { title: 'Angebote prüfen', mandateId: m.id, dueDate: '2027-06-30' });
    const paper = await uploadPdf(u.lead, `/api/regions/demo/tasks/${task.body.id}`, 'Angebote.pdf', true);
    await u.board[3]!.post(`${votesPath}/${submitted.vote.boardVoteId}/recusals`, { reason: 'Anbieter' });
    expect((await u.board[3]!.get(paper)).status).toBe(403);
    expect((await u.board[2]!.get(paper)).status).toBe(200);
    const loose = await u.lead.post('/api/regions/demo/tasks', { title: 'Ohne Mandat', dueDate: '2027-06-30' });
    const refused = await fetch(`${stack.baseUrl}/api/regions/demo/tasks/${loose.body.id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${u.lead.token}`, 'content-type': 'application/pdf', 'x-file-name': 'x.pdf', 'x-confidential': 'true' },
      body: samplePdf() as unknown as BodyInit,
    });
    expect(refused.status).toBe(422);
    expect((await refused.json()).errors[0].field).toBe('X-Confidential');
  });

  it('when the dossier changes after a revision, then its hash changes and the first record keeps the old one', async () => {
    const mandate = await mandateInDecision(u);
    const firstHash = mandate.dossier.hash;
    const revised = await voteAll(u, mandate.id, { choice: 'revise' });
    expect(revised).toMatchObject({ phase: 'preparation', revisionRound: 1 });
    // The mandate's decision votes' records (its approval has one too, without a dossier).
    const records = async () =>
      (await u.manager.get(`/api/regions/demo/decisions?mandateId=${mandate.id}`)).body.items.filter(
        (r: { subject: { kind: string } }) => r.subject.kind === 'mandate-decision',
      );
    const [revision] = await records();
    expect(revision).toMatchObject({ result: 'revise', dossier: { hash: firstHash } });

    await mustAct(u.staff, mandate.id, 'add-option', { title: 'Jugendberufsagentur', description: 'Eine Anlaufstelle für alle unter 25' });
    await finishMandateTasks(u, mandate.id);
    const again = await mustAct(u.lead, mandate.id, 'submit-dossier');
    expect(again.dossier.hash).not.toBe(firstHash);
    const added = again.options.find((o: { title: string }) => o.title === 'Jugendberufsagentur');
    const decided = await voteAll(u, mandate.id, { choice: 'option', optionId: added.id });
    expect(decided).toMatchObject({ phase: 'implementation', decision: { optionTitle: 'Jugendberufsagentur', dossierHash: again.dossier.hash } });

    const both = await records();
    expect(both).toHaveLength(2);
    const decision = both.find((r: { result: string }) => r.result === 'option');
    expect(decision.dossier.hash).toBe(again.dossier.hash);
    expect(JSON.stringify(decision.dossier.content)).toContain('Jugendberufsagentur');
    const first = (await u.manager.get(`/api/regions/demo/decisions/${revision.id}`)).body;
    expect(first.dossier.hash).toBe(firstHash);
    expect(JSON.stringify(first.dossier.content)).not.toContain('Jugendberufsagentur');
  });

  it('when the mandate is withdrawn during its vote, then the board vote ends without a result', async () => {
    const m = await createMandate(u, { title: 'Zurückgezogen' });
    const submitted = await mustAct(u.lead, m.id, 'submit');
    const voteId = submitted.vote.boardVoteId;
    await mustCast(u.board[1]!, voteId, { choice: 'yes' });
    await mustAct(u.chair, m.id, 'withdraw', { reason: 'Thema erledigt' });
    let status = '';
    for (let i = 0; i < 200 && status !== 'cancelled'; i++) {
      status = (await u.manager.get(`${votesPath}/${voteId}`)).body.status;
      if (status !== 'cancelled') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe('cancelled');
  });
});

async function uploadPdf(client: ApiClient, path: string, name: string, confidential: boolean): Promise<string> {
  const response = await fetch(`${stack.baseUrl}${path}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/pdf', 'x-file-name': name, 'x-confidential': String(confidential) },
    body: samplePdf() as unknown as BodyInit,
  });
  const body = await response.json();
  if (response.status !== 201) throw new Error(`upload → ${response.status}: ${JSON.stringify(body)}`);
  expect(body.confidential).toBe(confidential);
  return body.href;
}
