import { DEFAULT_TASK_SETTINGS, type NewTask } from '../../domain/tasks/task';

/** An ad-hoc general task in region `demo`, open to office staff, due 2026-12-20; tests override what they look at. */
export function newTaskInput(overrides: Partial<NewTask> = {}): NewTask {
  return {
    id: 't1',
    regionId: 'demo',
    mandateId: null,
    mandateTitle: null,
    phase: null,
    round: null,
    templateKey: null,
    type: 'general',
    title: 'Aufgabe',
    description: '',
    params: {},
    required: false,
    priority: 'normal',
    dueDate: '2026-12-20',
    followUpDate: null,
    candidateRole: null,
    assignee: null,
    settings: DEFAULT_TASK_SETTINGS,
    createdBy: null,
    ...overrides,
  };
}
