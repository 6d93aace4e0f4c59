/** Managers' reports as GET /api/v1/reports and the desk's Reports screen receive them (JSON; the CSV has the same rows). */
export interface ReportRow {
  key: string;
  visits: number;
  served: number;
  /** Total wait: from joining the line to the first call. */
  waitMedianMinutes: number | null;
  waitP90Minutes: number | null;
  /**
   * Time in the lobby: from being in the building (joining at a kiosk or the desk, "I'm here",
   * or moving to the kiosk or desk) to the first call, for the visits that were in the building before it.
   */
  lobbyMedianMinutes: number | null;
  lobbyP90Minutes: number | null;
  /** How many of the visits called were ever in the lobby before their call. */
  inLobby: number;
  serviceMedianMinutes: number | null;
  serviceP90Minutes: number | null;
  left: number;
  noShows: number;
  /** Share of the people called whose wait was within the target. */
  withinTarget: number | null;
}

/** Phone callers' callback attempts (an attempt: their turn came, or staff called them again). */
export interface CallbackFigures {
  attempts: number;
  /** Attempts whose outcome was reached or completed. */
  reached: number;
  /** reached ÷ attempts; null with no attempts. */
  reachRate: number | null;
  noAnswers: number;
  /** Attempts the hub gave up on when no outcome came in time. */
  timedOut: number;
  /** Attempts with no outcome reported (yet). */
  open: number;
  /** From "your turn" (the attempt asked for) to reached, over the reaching attempts. */
  reachedMedianMinutes: number | null;
  reachedP90Minutes: number | null;
}

/** Voicemails the contact center reported: left, returned (an attempt reached the caller) and how fast. */
export interface VoicemailFigures {
  left: number;
  returned: number;
  /** From the voicemail being left to the caller reached. */
  returnMedianMinutes: number | null;
  returnP90Minutes: number | null;
  /** Not returned by the end of the local day they were left on. */
  neverReturned: number;
}

/** People who gave up: left the line, or did not come (or answer) when called. */
export interface AbandonmentRow {
  key: string;
  visits: number;
  left: number;
  noShows: number;
  /** (left + no-shows) ÷ visits. */
  rate: number | null;
}

/** How long someone had waited when they gave up (left: until leaving; no-show: until called). */
export const WAIT_SO_FAR_BUCKETS = ['<10', '10-30', '30-60', '>60'] as const;
export type WaitSoFarBucket = (typeof WAIT_SO_FAR_BUCKETS)[number];

export interface Report {
  from: string;
  to: string;
  targetMinutes: number;
  totals: ReportRow;
  byService: ReportRow[];
  byCounter: ReportRow[];
  /** By the channel each visit ended in. */
  byChannel: ReportRow[];
  /** By the channel each visit started in (its first in channelHistory). */
  byFirstChannel: ReportRow[];
  /** By hand-off path: every channel a visit used, joined with '→' ('phone→kiosk'; one channel: just it). */
  byPath: ReportRow[];
  byHour: ReportRow[];
  callbacks: CallbackFigures;
  voicemails: VoicemailFigures;
  /** By the channel they were waiting by when they gave up. */
  abandonmentByChannel: AbandonmentRow[];
  /** Keys are WAIT_SO_FAR_BUCKETS, in order; visits counts only those who gave up. */
  abandonmentByWaitSoFar: AbandonmentRow[];
}
