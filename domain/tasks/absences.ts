import type { PersonRef } from '../roles';

/** A recorded absence: from and until are Berlin calendar dates, both included. */
export interface AbsencePeriod {
  user: PersonRef;
  substitute: PersonRef;
  from: string;
  until: string;
}

export const isAbsenceActive = (absence: Pick<AbsencePeriod, 'from' | 'until'>, today: string) => absence.from <= today && today <= absence.until;

/**
 * Whom a person's tasks go to today: themselves, or — while they are absent —
 * their substitute, following the chain when the substitute is away too
 * (and stopping where it would turn in a circle).
 */
export function effectiveHolder(person: PersonRef, absences: readonly AbsencePeriod[], today: string): PersonRef {
  const active = absences.filter((a) => isAbsenceActive(a, today));
  const seen = new Set<string>([person.id]);
  let current = person;
  for (;;) {
    const absence = active.find((a) => a.user.id === current.id);
    if (!absence || seen.has(absence.substitute.id)) return current;
    seen.add(absence.substitute.id);
    current = absence.substitute;
  }
}

/** The absent colleagues a person stands in for today, directly or down a chain of substitutes. */
export function standingInFor(personId: string, absences: readonly AbsencePeriod[], today: string): PersonRef[] {
  const absentees = new Map<string, PersonRef>();
  for (const absence of absences) if (isAbsenceActive(absence, today)) absentees.set(absence.user.id, absence.user);
  return [...absentees.values()].filter((user) => user.id !== personId && effectiveHolder(user, absences, today).id === personId);
}
