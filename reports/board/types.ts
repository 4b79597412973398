import type {
  AgendaItem,
  DecisionRecord,
  ImplementationItem,
  MeetingState,
  Recusal,
  TrafficLight,
  VoteMode,
  VoteOutcome,
  VoteStatus,
} from '../../domain/board/types';
import type { ReportLang } from '../../domain/monitoring/number-format';

/** An implementation item as the reports show it: with its traffic light (and, in the status report, its task's status). */
export type LitItem = ImplementationItem & { light: TrafficLight };

/** What the decision PDF (Beschluss) prints. */
export interface DecisionPdfInput {
  record: DecisionRecord;
  /** Ids of the records correcting this one (`BB-2026-009`); printed as numbers (`BB-2026/009`). */
  correctedBy: string[];
  regionName: string;
  boardName: string;
  items: LitItem[];
  locale: ReportLang;
}

/** The implementation status report (Sachstandsbericht Beschlusskontrolle): every decision with open items. */
export interface StatusReport {
  regionId: string;
  regionName: string;
  boardName: string;
  generatedAt: string;
  /** The Berlin date the traffic lights were computed for. */
  today: string;
  yellowDays: number;
  counts: Record<TrafficLight, number>;
  entries: {
    decision: Pick<DecisionRecord, 'id' | 'number' | 'text' | 'decidedAt' | 'subject'>;
    items: (LitItem & { taskStatus: string })[];
  }[];
}

/** A vote on an agenda item as the minutes tell it. */
export interface MinutesVote {
  id: string;
  mode: VoteMode;
  secret: boolean;
  status: VoteStatus;
  outcome: VoteOutcome | null;
  showOfHands: boolean;
}

/** The minutes (Niederschrift) of a meeting; with `publicOnly` the published version of its public part. */
export interface MinutesInput {
  meeting: MeetingState;
  regionName: string;
  boardName: string;
  publicOnly: boolean;
  locale: ReportLang;
  attendance: {
    seats: number;
    /** Names. */
    present: string[];
    absent: string[];
    guests?: string[];
    quorum: { present: number; required: number; reached: boolean } | null;
  };
  items: { item: AgendaItem; decisions: DecisionRecord[]; recusals: Recusal[]; votes: MinutesVote[] }[];
}
