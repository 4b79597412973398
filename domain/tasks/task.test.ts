import { DEFAULT_TASK_SETTINGS, applyTaskCommand, createTask, dueState, nextNotice, noticeTimes, recordNotice, type NewTask, type TaskActor } from './task';
import { DEFAULT_TASK_TEMPLATES, planTasks } from './templates';
import { ValidationError } from '../errors';
import { newTaskInput } from '../../test/support/tasks';

const staff: TaskActor = { id: 's', name: 'Sven', roles: ['office_staff'], actingFor: [] };
const lead: TaskActor = { id: 'l', name: 'Lena', roles: ['office_lead'], actingFor: [] };

const input = (overrides: Partial<NewTask> = {}): NewTask => newTaskInput({ createdBy: { id: 'l', name: 'Lena' }, ...overrides });

describe('task notices', () => {
  it('are at 08:00 Berlin: three days before, on the due date, two days after (winter and summer time)', () => {
    expect(noticeTimes({ dueDate: '2026-12-20', settings: DEFAULT_TASK_SETTINGS })).toEqual({
      reminder: '2026-12-17T07:00:00.000Z',
      due: '2026-12-20T07:00:00.000Z',
      escalation: '2026-12-22T07:00:00.000Z',
      'follow-up': null,
    });
    expect(noticeTimes({ dueDate: '2027-07-10', settings: DEFAULT_TASK_SETTINGS }).due).toBe('2027-07-10T06:00:00.000Z');
    // Across the switch to summer time (2027-03-28): the reminder is still at 08:00 local time.
    expect(noticeTimes({ dueDate: '2027-03-29', settings: DEFAULT_TASK_SETTINGS }).reminder).toBe('2027-03-26T07:00:00.000Z');
  });

  it('come in order, once each, and a reminder already past at creation is passed over', () => {
    let task = createTask(input(), '2026-12-01T10:00:00.000Z');
    const kinds: string[] = [];
    for (let notice = nextNotice(task); notice; notice = nextNotice(task)) {
      kinds.push(notice.kind);
      task = recordNotice(task, notice.kind, notice.at);
    }
    expect(kinds).toEqual(['reminder', 'due', 'escalation']);
    expect(nextNotice(task)).toBeNull();
    expect(task.escalated).toBe(true);
    const late = createTask(input({ dueDate: '2026-12-02' }), '2026-12-01T10:00:00.000Z');
    expect(nextNotice(late)?.kind).toBe('due');
  });

  it('start over when the lead moves the due date', () => {
    let task = createTask(input({ assignee: { id: 's', name: 'Sven' } }), '2026-12-01T10:00:00.000Z');
    task = recordNotice(task, 'reminder', '2026-12-17T07:00:00.000Z');
    task = applyTaskCommand(task, { action: 'update', payload: { dueDate: '2027-01-15' } }, lead, '2026-12-18T09:00:00.000Z');
    expect(nextNotice(task)).toEqual({ kind: 'reminder', at: '2027-01-12T07:00:00.000Z' });
    expect(task.events.at(-1)).toMatchObject({ action: 'update', details: { dueDate: { from: '2026-12-20', to: '2027-01-15' } } });
  });

  it('include the holder’s follow-up date, once per date, in time order with the others', () => {
    let task = createTask(input({ assignee: { id: 's', name: 'Sven' }, followUpDate: '2026-12-05' }), '2026-12-01T10:00:00.000Z');
    expect(nextNotice(task)).toEqual({ kind: 'follow-up', at: '2026-12-05T07:00:00.000Z' });
    task = recordNotice(task, 'follow-up', '2026-12-05T07:00:00.000Z');
    expect(task.events.at(-1)).toMatchObject({ action: 'follow-up', details: { followUpDate: '2026-12-05' } });
    expect(nextNotice(task)?.kind).toBe('reminder');
    task = applyTaskCommand(task, { action: 'update', payload: { followUpDate: '2026-12-18' } }, staff, '2026-12-06T10:00:00.000Z');
    expect([nextNotice(task)?.kind, nextNotice(task)?.at]).toEqual(['reminder', '2026-12-17T07:00:00.000Z']);
    task = recordNotice(task, 'reminder', '2026-12-17T07:00:00.000Z');
    expect(nextNotice(task)).toEqual({ kind: 'follow-up', at: '2026-12-18T07:00:00.000Z' });
  });

  it('while the work waits for review, only the escalation is due; after a rejection no stale reminder comes', () => {
    let task = createTask(input({ type: 'release-data', assignee: { id: 's', name: 'Sven' } }), '2026-12-01T10:00:00.000Z');
    task = applyTaskCommand(task, { action: 'complete', payload: { output: { summary: 'ok' } } }, staff, '2026-12-02T10:00:00.000Z');
    expect(task.status).toBe('in_review');
    expect(nextNotice(task)).toEqual({ kind: 'escalation', at: '2026-12-22T07:00:00.000Z' });
    // Rejected after the reminder's and the due notice's time: those are stale, the escalation is still owed.
    task = applyTaskCommand(task, { action: 'reject', payload: { comment: 'bitte ergänzen' } }, lead, '2026-12-21T10:00:00.000Z');
    expect(nextNotice(task)).toEqual({ kind: 'escalation', at: '2026-12-22T07:00:00.000Z' });
    task = recordNotice(task, 'escalation', '2026-12-22T07:00:00.000Z');
    task = applyTaskCommand(task, { action: 'complete', payload: { output: { summary: 'ergänzt' } } }, staff, '2026-12-23T10:00:00.000Z');
    expect(nextNotice(task)).toBeNull();
  });

  it('refuses dates in the past or beyond ten years', () => {
    const task = createTask(input({ assignee: { id: 's', name: 'Sven' } }), '2026-12-01T10:00:00.000Z');
    const update = (payload: object) => () => applyTaskCommand(task, { action: 'update', payload } as never, lead, '2026-12-01T10:00:00.000Z');
    expect(update({ dueDate: '2026-11-30' })).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ field: 'dueDate', code: 'not_in_past' })] }) as Error,
    );
    expect(update({ followUpDate: '9999-12-31' })).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ field: 'followUpDate', code: 'too_far' })] }) as Error,
    );
    expect(update({ dueDate: '2026-12-01' })).not.toThrow();
  });
});

describe('task state', () => {
  it('is overdue from the day after its due date (Berlin), due soon within the window', () => {
    const t = { status: 'claimed' as const, dueDate: '2026-12-20' };
    expect(dueState(t, '2026-12-20T22:30:00.000Z', 7)).toEqual({ overdue: false, dueSoon: true });
    expect(dueState(t, '2026-12-20T23:30:00.000Z', 7)).toEqual({ overdue: true, dueSoon: false });
    expect(dueState(t, '2026-12-01T10:00:00.000Z', 7)).toEqual({ overdue: false, dueSoon: false });
    expect(dueState({ ...t, status: 'done' }, '2027-01-01T00:00:00.000Z', 7)).toEqual({ overdue: false, dueSoon: false });
  });

  it('names the output field that is wrong', () => {
    const task = createTask(input({ type: 'consult', assignee: { id: 's', name: 'Sven' } }), '2026-12-01T10:00:00.000Z');
    expect(() => applyTaskCommand(task, { action: 'complete', payload: { output: { notes: 'x', actors: [] } } }, staff, '2026-12-01T11:00:00.000Z')).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ field: 'output.actors', code: 'too_small' })] }) as ValidationError,
    );
  });

  it('records who acted for whom when a substitute works on an absent colleague’s task', () => {
    const task = createTask(input({ assignee: { id: 'a', name: 'Anna' } }), '2026-12-01T10:00:00.000Z');
    const done = applyTaskCommand(
      task,
      { action: 'complete', payload: { output: {} } },
      { ...staff, actingFor: [{ id: 'a', name: 'Anna' }] },
      '2026-12-02T10:00:00.000Z',
    );
    expect(done.events.at(-1)).toMatchObject({ action: 'complete', actor: { id: 's' }, onBehalfOf: { id: 'a' } });
  });
});

describe('task templates', () => {
  it('give one data request per indicator and stable ids, so planning twice gives the same tasks', () => {
    const ctx = {
      mandate: { id: 'm1', regionId: 'r', title: 'M', indicators: ['A', 'B'], revisionRound: 1 },
      phase: 'preparation' as const,
      templates: DEFAULT_TASK_TEMPLATES,
      settings: DEFAULT_TASK_SETTINGS,
      at: '2026-12-01T23:30:00.000Z',
    };
    const tasks = planTasks(ctx);
    expect(tasks.map((t) => t.id)).toEqual(['m1-prep1-consult', 'm1-prep1-options', 'm1-prep1-data-1', 'm1-prep1-data-2', 'm1-prep1-dossier']);
    expect(tasks[2]).toMatchObject({ title: 'Daten anfordern: A', params: { indicator: 'A' }, type: 'data-request' });
    // 23:30 UTC is already 2 December in Berlin: due dates count from there.
    expect(tasks[0]!.dueDate).toBe('2026-12-23');
    expect(planTasks(ctx)).toEqual(tasks);
  });
});
