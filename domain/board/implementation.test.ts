import fc from 'fast-check';
import { parseOrThrow } from '../fields';
import { ValidationError } from '../errors';
import { addDays, daysBetween } from '../time';
import { editImplementationItemSchema, implementationItemSchema, trafficLight } from './implementation';

const today = '2026-03-10';

describe('trafficLight', () => {
  it('when the task is done or cancelled, then the light is done, even long after the due date', () => {
    expect(trafficLight({ dueDate: '2025-01-01' }, 'done', today, 14)).toBe('done');
    expect(trafficLight({ dueDate: '2025-01-01' }, 'cancelled', today, 14)).toBe('done');
    expect(trafficLight({ dueDate: '2027-01-01' }, 'done', today, 14)).toBe('done');
  });

  it('when the due date has passed, then red; when it is today, then yellow', () => {
    expect(trafficLight({ dueDate: '2026-03-09' }, 'open', today, 14)).toBe('red');
    expect(trafficLight({ dueDate: '2025-12-31' }, 'in_review', today, 14)).toBe('red');
    expect(trafficLight({ dueDate: today }, 'claimed', today, 14)).toBe('yellow');
  });

  it('when due exactly yellowDays from today, then yellow; one day later, then green', () => {
    expect(trafficLight({ dueDate: '2026-03-24' }, 'open', today, 14)).toBe('yellow');
    expect(trafficLight({ dueDate: '2026-03-25' }, 'open', today, 14)).toBe('green');
  });

  it('when the window crosses a month and a year end, then calendar days count', () => {
    expect(trafficLight({ dueDate: '2027-01-04' }, 'open', '2026-12-28', 7)).toBe('yellow');
    expect(trafficLight({ dueDate: '2027-01-05' }, 'open', '2026-12-28', 7)).toBe('green');
    expect(trafficLight({ dueDate: '2028-03-01' }, 'open', '2028-02-28', 2)).toBe('yellow');
  });

  it('when yellowDays is 0, then only today is yellow', () => {
    expect(trafficLight({ dueDate: today }, 'open', today, 0)).toBe('yellow');
    expect(trafficLight({ dueDate: '2026-03-11' }, 'open', today, 0)).toBe('green');
  });

  it('when any open item is given, then the light follows the days left: <0 red, ≤ yellowDays yellow, else green', () => {
    const day = fc.integer({ min: 0, max: 3650 }).map((n) => addDays('2020-01-01', n));
    const openStatus = fc.constantFrom('open', 'claimed', 'in_review');
    fc.assert(
      fc.property(day, day, fc.integer({ min: 0, max: 60 }), openStatus, fc.constantFrom('done', 'cancelled'), (dueDate, now, yellowDays, status, finished) => {
        const left = daysBetween(now, dueDate);
        const expected = left < 0 ? 'red' : left <= yellowDays ? 'yellow' : 'green';
        expect(trafficLight({ dueDate }, status, now, yellowDays)).toBe(expected);
        expect(trafficLight({ dueDate }, finished, now, yellowDays)).toBe('done');
      }),
    );
  });
});

describe('implementationItemSchema', () => {
  it('when the item is complete, then it is accepted with the title trimmed', () => {
    expect(parseOrThrow(implementationItemSchema, { title: '  Konzept erstellen ', responsibleId: 'u-1', dueDate: '2026-05-31' })).toEqual({
      title: 'Konzept erstellen',
      responsibleId: 'u-1',
      dueDate: '2026-05-31',
    });
  });

  it('when the title is empty or too long, the date is impossible and a field is unknown, then each field is named', () => {
    const error = catchError(() => parseOrThrow(implementationItemSchema, { title: ' ', responsibleId: 'u-1', dueDate: '2026-02-30', extra: 1 }));
    expect(fields(error)).toEqual(['dueDate', 'extra', 'title']);
    expect(fields(catchError(() => parseOrThrow(implementationItemSchema, { title: 'x'.repeat(201), responsibleId: 'u-1', dueDate: '2026-05-31' })))).toEqual([
      'title',
    ]);
    expect(parseOrThrow(implementationItemSchema, { title: 'x'.repeat(200), responsibleId: 'u-1', dueDate: '2026-05-31' }).title).toHaveLength(200);
  });

  it('when the responsible person or the due date is missing, then they are required', () => {
    const error = catchError(() => parseOrThrow(implementationItemSchema, { title: 'Konzept' }));
    expect(error.errors.map((e) => [e.field, e.code])).toEqual([
      ['responsibleId', 'required'],
      ['dueDate', 'required'],
    ]);
  });
});

describe('editImplementationItemSchema', () => {
  it('when a reason and a new due date are given, then both are accepted; null or blank clears the reason', () => {
    expect(parseOrThrow(editImplementationItemSchema, { delayReason: ' Lieferverzug ', dueDate: '2026-06-30' })).toEqual({
      delayReason: 'Lieferverzug',
      dueDate: '2026-06-30',
    });
    expect(parseOrThrow(editImplementationItemSchema, { delayReason: null })).toEqual({ delayReason: null });
    expect(parseOrThrow(editImplementationItemSchema, { delayReason: '   ' })).toEqual({ delayReason: null });
    expect(parseOrThrow(editImplementationItemSchema, {})).toEqual({});
  });

  it('when the reason is longer than 2000 characters or the date malformed, then the fields are named', () => {
    expect(parseOrThrow(editImplementationItemSchema, { delayReason: 'x'.repeat(2000) }).delayReason).toHaveLength(2000);
    const error = catchError(() => parseOrThrow(editImplementationItemSchema, { delayReason: 'x'.repeat(2001), dueDate: '30.06.2026', responsibleId: 'u-2' }));
    expect(fields(error)).toEqual(['delayReason', 'dueDate', 'responsibleId']);
  });
});

function catchError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

const fields = (error: ValidationError) => error.errors.map((e) => e.field).sort();
