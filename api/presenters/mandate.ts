import type { MandateEvent, MandateSnapshot } from '../../domain/mandate';
import { allowedActions } from '../../domain/policies/mandate-policy';
import type { Actor, PersonRef } from '../../domain/roles';
import { quorumOf, tallyVote, type VoteState } from '../../domain/votes';

const ref = (p: PersonRef) => ({ id: p.id, name: p.name });

function presentVote(vote: VoteState | null, optionIds: string[]) {
  if (!vote) return null;
  return {
    id: vote.id,
    kind: vote.kind,
    status: vote.status,
    unresolvedReason: vote.unresolvedReason,
    openedAt: vote.openedAt,
    deadline: vote.deadline,
    voters: vote.voters.map(ref),
    ballots: vote.ballots.map((b) => ({ voter: ref(b.voter), choice: b.choice, optionId: b.optionId, castAt: b.castAt })),
    tally: tallyVote(vote, optionIds),
    quorum: quorumOf(vote),
  };
}

/** The full mandate for its page, with what the caller may do now. */
export function presentMandate(m: MandateSnapshot, actor: Actor) {
  const optionIds = m.options.map((o) => o.id);
  return {
    id: m.id,
    regionId: m.regionId,
    title: m.title,
    actionField: m.actionField,
    question: m.question,
    goals: [...m.goals],
    dueDate: m.dueDate,
    indicators: [...m.indicators],
    phase: m.phase,
    outcome: m.outcome,
    version: m.version,
    revisionRound: m.revisionRound,
    options: m.options.map((o) => ({
      id: o.id,
      title: o.title,
      description: o.description,
      cost: o.cost,
      resources: o.resources,
      expectedEffect: o.expectedEffect,
      addedBy: ref(o.addedBy),
      addedAt: o.addedAt,
    })),
    data: m.data.map((d) => ({
      id: d.id,
      indicator: d.indicator,
      period: d.period,
      value: d.value,
      unit: d.unit,
      source: d.source,
      phase: d.phase,
      recordedBy: ref(d.recordedBy),
      recordedAt: d.recordedAt,
    })),
    vote: presentVote(m.vote, optionIds),
    decision: m.decision
      ? {
          optionId: m.decision.optionId,
          optionTitle: m.decision.optionTitle,
          decidedAt: m.decision.decidedAt,
          tally: m.decision.tally,
          dossierHash: m.decision.dossierHash ?? null,
          decisionNumber: m.decision.decisionNumber ?? null,
        }
      : null,
    dossier: m.dossier ? { hash: m.dossier.hash, takenAt: m.dossier.takenAt } : null,
    progress: m.progress.map((p) => ({ id: p.id, text: p.text, percent: p.percent, reportedBy: ref(p.reportedBy), reportedAt: p.reportedAt })),
    tasks: (m.tasks ?? []).map((t) => ({ id: t.id, type: t.type, title: t.title, phase: t.phase, round: t.round, required: t.required, status: t.status })),
    implementationSummary: m.implementationSummary,
    evaluationSummary: m.evaluationSummary,
    withdrawalReason: m.withdrawalReason,
    createdBy: ref(m.createdBy),
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    allowedActions: allowedActions(actor, m),
  };
}

/** A row of the mandate list. */
export function presentMandateSummary(m: MandateSnapshot) {
  return {
    id: m.id,
    title: m.title,
    actionField: m.actionField,
    phase: m.phase,
    outcome: m.outcome,
    dueDate: m.dueDate,
    updatedAt: m.updatedAt,
    vote: m.vote ? { kind: m.vote.kind, status: m.vote.status, deadline: m.vote.deadline } : null,
  };
}

export function presentEvent(e: MandateEvent) {
  return {
    seq: e.seq,
    at: e.at,
    actor: e.actor ? ref(e.actor) : null,
    action: e.action,
    phaseBefore: e.phaseBefore,
    phaseAfter: e.phaseAfter,
    details: e.details,
  };
}
