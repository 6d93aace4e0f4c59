/** Managers' reports as GET /api/v1/reports and the desk's Reports screen receive them (JSON; the CSV has the same rows). */
export interface ReportRow {
  key: string;
  visits: number;
  served: number;
  waitMedianMinutes: number | null;
  waitP90Minutes: number | null;
  serviceMedianMinutes: number | null;
  serviceP90Minutes: number | null;
  left: number;
  noShows: number;
  /** Share of the people called whose wait was within the target. */
  withinTarget: number | null;
}

export interface Report {
  from: string;
  to: string;
  targetMinutes: number;
  totals: ReportRow;
  byService: ReportRow[];
  byCounter: ReportRow[];
  byChannel: ReportRow[];
  byHour: ReportRow[];
}
