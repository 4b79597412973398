import { z } from 'zod';
import { text } from '../fields';
import type { Phase } from '../phases';
import { addDays, berlinDate } from '../time';
import type { NewTask, TaskSettings } from './task';
import { candidateRoleSchema, prioritySchema, taskTypeSchema } from './types';

/**
 * What the office has to do when a mandate enters a phase. A region may
 * replace the defaults with its own list per phase. `perIndicator` templates
 * become one task per indicator the mandate names; `{indicator}` in the
 * title is replaced by its name.
 */
export const TASK_PHASES = ['preparation', 'implementation', 'evaluation'] as const;
export type TaskPhase = (typeof TASK_PHASES)[number];

export const taskTemplateSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, { error: 'must be 1–40 lowercase letters, digits or -' }),
  type: taskTypeSchema,
  title: text(200),
  description: z.string().trim().max(5000).default(''),
  candidateRole: candidateRoleSchema.default('office_staff'),
  priority: prioritySchema.default('normal'),
  dueInDays: z.number({ error: 'must be a number' }).int().min(1).max(730),
  required: z.boolean().default(true),
  perIndicator: z.boolean().default(false),
});
export type TaskTemplate = z.infer<typeof taskTemplateSchema>;

export const taskTemplatesSchema = z
  .strictObject({
    preparation: z.array(taskTemplateSchema).max(30),
    implementation: z.array(taskTemplateSchema).max(30),
    evaluation: z.array(taskTemplateSchema).max(30),
  })
  .superRefine((templates, ctx) => {
    for (const phase of TASK_PHASES) {
      const seen = new Set<string>();
      templates[phase].forEach((template, index) => {
        if (seen.has(template.key))
          ctx.addIssue({ code: 'custom', path: [phase, index, 'key'], message: 'is used twice in this phase', params: { code: 'duplicate' } });
        seen.add(template.key);
      });
    }
  });
export type TaskTemplates = z.infer<typeof taskTemplatesSchema>;

const t = (template: Omit<TaskTemplate, 'description' | 'candidateRole' | 'priority' | 'required' | 'perIndicator'> & Partial<TaskTemplate>): TaskTemplate =>
  taskTemplateSchema.parse(template);

export const DEFAULT_TASK_TEMPLATES: TaskTemplates = {
  preparation: [
    t({
      key: 'consult',
      type: 'consult',
      title: 'Akteure beteiligen',
      description: 'Die betroffenen Akteure zum Auftrag anhören und ihre Sicht festhalten.',
      dueInDays: 21,
    }),
    t({
      key: 'options',
      type: 'options',
      title: 'Handlungsoptionen erarbeiten',
      description: 'Eine Handlungsoption mit Ressourcenbedarf und erwarteter Wirkung ausarbeiten.',
      dueInDays: 28,
    }),
    t({
      key: 'data',
      type: 'data-request',
      title: 'Daten anfordern: {indicator}',
      description: 'Die Werte des Indikators bei der Datenquelle anfordern, prüfen und erfassen.',
      dueInDays: 21,
      perIndicator: true,
    }),
    t({
      key: 'dossier',
      type: 'compile-dossier',
      title: 'Dossier für den Beirat zusammenstellen',
      candidateRole: 'office_lead',
      dueInDays: 35,
      priority: 'high',
    }),
  ],
  implementation: [
    t({ key: 'implement', type: 'implement', title: 'Umsetzung mit den Akteuren koordinieren', dueInDays: 60 }),
    t({ key: 'progress', type: 'progress-report', title: 'Fortschritt an den Beirat berichten', dueInDays: 90 }),
  ],
  evaluation: [
    t({ key: 'data', type: 'data-request', title: 'Indikator erneut erheben: {indicator}', dueInDays: 30, perIndicator: true }),
    t({ key: 'evaluate', type: 'evaluate', title: 'Wirkung auswerten', dueInDays: 45 }),
    t({ key: 'release', type: 'release-data', title: 'Ergebnisse für den Bildungsbericht freigeben', candidateRole: 'office_lead', dueInDays: 60 }),
  ],
};

export const isTaskPhase = (phase: Phase): phase is TaskPhase => (TASK_PHASES as readonly Phase[]).includes(phase);

export interface PlanContext {
  mandate: { id: string; regionId: string; title: string; indicators: string[]; revisionRound: number };
  phase: TaskPhase;
  templates: TaskTemplates;
  settings: TaskSettings;
  /** Now, as an ISO instant: due dates count from the Berlin date of it. */
  at: string;
  /** Names of the mandate's indicators (catalogue key → name) for task titles; a key without a name is shown as it is. */
  indicatorNames?: Readonly<Record<string, string>>;
}

/**
 * The tasks a mandate gets on entering a phase. Ids are derived from the
 * mandate, phase, round and template, so planning twice gives the same tasks.
 */
export function planTasks({ mandate, phase, templates, settings, at, indicatorNames = {} }: PlanContext): NewTask[] {
  const today = berlinDate(at);
  const round = mandate.revisionRound;
  return templates[phase].flatMap((template) => {
    const indicators: (string | undefined)[] = template.perIndicator ? mandate.indicators : [undefined];
    return indicators.map((indicator, index): NewTask => ({
      id: `${mandate.id}-${phase.slice(0, 4)}${round}-${template.key}${indicator === undefined ? '' : `-${index + 1}`}`,
      regionId: mandate.regionId,
      mandateId: mandate.id,
      mandateTitle: mandate.title,
      phase,
      round,
      templateKey: template.key,
      type: template.type,
      title: indicator === undefined ? template.title : template.title.replaceAll('{indicator}', indicatorNames[indicator] ?? indicator),
      description: template.description,
      params: indicator === undefined ? {} : { indicator },
      required: template.required,
      priority: template.priority,
      dueDate: addDays(today, template.dueInDays),
      followUpDate: null,
      candidateRole: template.candidateRole,
      assignee: null,
      settings,
      createdBy: null,
    }));
  });
}
