import type { ReportLang } from '../domain/monitoring/number-format';
import type { ChartInput, IndicatorDefinition, MonitoringArea } from '../domain/monitoring/types';

/** One value as a report shows it: a suppressed value carries no number. */
export interface ReportPoint {
  period: string;
  value: number | null;
  suppressed: boolean;
}

/** A chart of the dossier, as `GET …/dossier` returns it. */
export interface DossierChart {
  indicatorKey: string;
  chart: ChartInput;
  svg: string;
}

export interface DossierMeta {
  /** SHA-256 of the frozen content, printed on every page. */
  hash: string;
  lang: ReportLang;
  frozen: boolean;
}

export type ChangeDirection = 'improved' | 'worsened' | 'unchanged' | 'unknown';

export interface EvaluationIndicator {
  definition: IndicatorDefinition;
  /** The last value before the decision. */
  before: ReportPoint | null;
  /** The latest value after the decision. */
  after: ReportPoint | null;
  /** after − before, when both are known. */
  change: number | null;
  /** Judged by the indicator's `higherIsBetter`; `unknown` when it has none or a value is missing. */
  direction: ChangeDirection;
  /** Whether the latest value meets the target; null without a target or value. */
  targetMet: boolean | null;
  chart: ChartInput;
  svg: string;
}

/** What became of a decision: per indicator, the last value before it against the latest after it. */
export interface EvaluationReport {
  regionName: string;
  mandate: {
    id: string;
    title: string;
    question: string;
    decidedAt: string | null;
    decidedPeriod: string | null;
    /** The title of the option chosen. */
    chosenOption: string | null;
  };
  lang: ReportLang;
  indicators: EvaluationIndicator[];
  /** ISO instant; also the PDF's creation date, so the same report gives the same bytes. */
  generatedAt: string;
}

export interface EducationReportIndicator {
  definition: IndicatorDefinition;
  series: ChartInput;
  svg: string;
  /** The latest value of the total. */
  latest: ReportPoint | null;
  /** The change of the total from its first to its latest value (`toPeriod` is `latest.period`). */
  trend: { fromPeriod: string; toPeriod: string; change: number } | null;
}

/** A draft chapter of the region's education report for one area of the monitoring. */
export interface EducationReportChapter {
  regionName: string;
  area: MonitoringArea;
  areaTitle: string;
  lang: ReportLang;
  indicators: EducationReportIndicator[];
  /** ISO instant; also the PDF's creation date. */
  generatedAt: string;
}
