/**
 * Everything the display says or shows in words, per language. Components and
 * the announcer take their text from here only; ticket numbers and counter and
 * service names come from the hub as they are.
 */
export interface Messages {
  nowServing: string;
  recentCalls: string;
  /** After the big ticket, for screen readers: the arrow says it on screen. */
  goTo: string;
  waitingTitle: string;
  waiting: string;
  estimatedWait: string;
  minutes: (low: number, high: number) => string;
  noEstimate: string;
  noCounterOpen: string;
  noCallsYet: string;
  connecting: string;
  reconnecting: string;
  soundBlocked: string;
  enableSound: string;
  counterOpen: string;
  counterPaused: string;
  counterClosed: string;
  deviceRefused: string;
  anonymousRefused: string;
  unknownIds: (ids: string[]) => string;
  speech: {
    call: (ticket: string, counterName: string) => string;
    recall: (ticket: string, counterName: string) => string;
  };
  setup: {
    title: string;
    siteMissing: string;
    counterMissing: string;
    badParameter: (name: string) => string;
    example: string;
    /** Stands for the site id in the example address. */
    siteIdPlaceholder: string;
    thisHub: (siteId: string) => string;
    wrongSiteTitle: string;
    wrongSite: (siteId: string, hubSiteId: string) => string;
    openInstead: string;
  };
}
