/**
 * Everything the kiosk says in words, per language. Components take their text
 * from here only; ticket numbers and service names come from the hub as they are.
 */
export interface Messages {
  /** The language's own name, on the switch that picks it. */
  languageName: string;
  switchLanguage: string;
  welcome: string;
  touchToStart: string;
  start: string;
  /** On the welcome screen, for someone who joined by phone or online and has now come in. */
  alreadyInLine: string;
  findVisitTitle: string;
  findVisitDetails: string;
  findVisit: string;
  /** Nothing more is said about a number that is not in line. */
  visitNotFound: string;
  chooseService: string;
  waitingCount: (count: number) => string;
  estimatedWait: string;
  minutes: (low: number, high: number) => string;
  noEstimate: string;
  /** Instead of an estimate while no open counter serves the service: on its card, then in full on the ticket. */
  noCounterOpenShort: string;
  noCounterOpen: (service: string) => string;
  /** When counters usually open, already worded as a clock time ("8:00 AM"). */
  usuallyOpens: (time: string) => string;
  back: string;
  startOver: string;
  phoneTitle: string;
  phoneConsent: string;
  phoneLabel: string;
  phoneHint: string;
  phoneInvalid: string;
  getTicketWithText: string;
  getTicketNoText: string;
  deleteDigit: string;
  clearNumber: string;
  sending: string;
  hubUnreachable: string;
  retrying: string;
  tryAgain: string;
  refused: (reason: string) => string;
  yourTicket: string;
  service: string;
  placeInLine: string;
  /** The label of the time the ticket was taken (the site's clock time). */
  joinedAt: string;
  position: (place: number) => string;
  takeTicket: string;
  cannotPrint: string;
  printerProblem: string;
  qrLabel: string;
  qrHint: string;
  textConfirmed: (phone: string) => string;
  done: string;
  /** Scans: someone's own ticket QR code, or an appointment letter. */
  yourPlace: string;
  /** Someone who waited away scanned their link: the kiosk told staff they are here. */
  hereNoted: string;
  calledTitle: string;
  goTo: (counter: string) => string;
  printAgain: string;
  printingAgain: string;
  /** "Call me back instead", offered with the place or ticket of someone already in line. */
  callMeBack: string;
  callBackTitle: string;
  callBackDetails: (ticket: string) => string;
  callBackConfirm: string;
  callingBackTitle: string;
  /** The number masked (•••0123) and the ticket they keep. */
  callingBack: (phone: string, ticket: string) => string;
  seeDesk: string;
  appointmentUnknown: string;
  appointmentNotNow: string;
  ticketUnknown: string;
  ticketEnded: string;
  finishFirst: string;
  /** A scanned code that is neither a ticket of this site nor an appointment letter. */
  unreadableCode: string;
  connecting: string;
  reconnecting: string;
  setup: {
    title: string;
    missingDevice: string;
    refused: string;
    example: string;
  };
}
