import { effectiveHolder, isAbsenceActive, standingInFor, type AbsencePeriod } from './absences';

const p = (id: string) => ({ id, name: id.toUpperCase() });
const away = (user: string, substitute: string, from = '2026-12-01', until = '2026-12-10'): AbsencePeriod => ({
  user: p(user),
  substitute: p(substitute),
  from,
  until,
});

describe('absences and substitutes', () => {
  it('counts the first and last day of an absence, not the days around it', () => {
    const a = away('anna', 'bert');
    expect(['2026-11-30', '2026-12-01', '2026-12-10', '2026-12-11'].map((d) => isAbsenceActive(a, d))).toEqual([false, true, true, false]);
  });

  it('routes to the substitute while the absence lasts and back afterwards', () => {
    const absences = [away('anna', 'bert')];
    expect(effectiveHolder(p('anna'), absences, '2026-12-05').id).toBe('bert');
    expect(effectiveHolder(p('anna'), absences, '2026-12-11').id).toBe('anna');
    expect(standingInFor('bert', absences, '2026-12-05')).toEqual([p('anna')]);
    expect(standingInFor('bert', absences, '2026-12-11')).toEqual([]);
  });

  it('follows a chain of absent substitutes and stops at a circle', () => {
    const chain = [away('anna', 'bert'), away('bert', 'carl')];
    expect(effectiveHolder(p('anna'), chain, '2026-12-05').id).toBe('carl');
    expect(
      standingInFor('carl', chain, '2026-12-05')
        .map((x) => x.id)
        .sort(),
    ).toEqual(['anna', 'bert']);
    const circle = [away('anna', 'bert'), away('bert', 'anna')];
    expect(effectiveHolder(p('anna'), circle, '2026-12-05').id).toBe('bert');
    // Both away: each keeps the other's work rather than it going round for ever.
    expect(standingInFor('anna', circle, '2026-12-05')).toEqual([p('bert')]);
  });
});
