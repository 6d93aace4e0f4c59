/**
 * Everything the remote-wait page says in words, per language. Components take
 * their text from here only; ticket numbers, service and counter names come
 * from the hub as they are.
 */
export interface Messages {
  /** The language's own name, on the button that picks it. */
  languageName: string;
  language: string;
  pageTitle: string;
  intro: string;
  loadingSite: string;
  siteUnreachable: string;
  tryAgain: string;
  chooseService: string;
  waitingCount: (count: number) => string;
  wait: (low: number, high: number) => string;
  noEstimate: string;
  /** Instead of an estimate while no open counter serves the service: in the service list, then in full on the status page. */
  noCounterOpenShort: string;
  noCounterOpen: (service: string) => string;
  /** When counters usually open, already worded as a clock time ("8:00 AM"). */
  usuallyOpens: (time: string) => string;
  notJoinable: string;
  textMeTitle: string;
  phoneLabel: string;
  phoneHint: string;
  textConsent: string;
  textConsentDetails: string;
  phoneNotSent: string;
  /** "Text me" ticked, no number typed. */
  phoneMissing: string;
  /** A number typed, "Text me" not ticked: asked before joining. */
  phoneQuestion: (phone: string) => string;
  phoneQuestionYes: string;
  phoneQuestionNo: string;
  /** The site sends no texts at all. */
  noTextsOffered: string;
  /** On the status page: what the person chose when joining. */
  textsComing: (maskedPhone: string) => string;
  noTexts: string;
  join: string;
  joining: string;
  pickService: string;
  phoneProblem: (hubMessage: string) => string;
  lineFull: string;
  rateLimited: (minutes: number) => string;
  joinRefused: (hubMessage: string) => string;
  /** The typed number is already in line: that visit waits remotely now, and its link was texted. */
  alreadyInLine: string;
  /** "Call me back instead": leave the lobby and be phoned when it is their turn. */
  callMeBack: string;
  callMeBackDetails: string;
  callMeBackNumber: string;
  callMeBackConfirm: string;
  callingBack: string;
  hubUnreachable: string;
  connection: { connecting: string; live: string; reconnecting: string };
  yourTicket: string;
  /** The time is the site's clock time, already formatted. */
  joinedAt: (time: string) => string;
  place: (place: number) => string;
  estimatedWait: string;
  booked: string;
  /** "I'm here", for a remote waiter or caller who has come into the building. */
  here: string;
  hereNoted: string;
  onMyWay: string;
  onMyWayNoted: string;
  moreTime: string;
  moreTimeDetails: (places: number, left: number) => string;
  noMoreTime: string;
  /** Nobody behind: "more time" could not move them. */
  moreTimeLast: string;
  leave: string;
  leaveQuestion: string;
  leaveConfirm: string;
  stay: string;
  actionFailed: (hubMessage: string) => string;
  notConnected: string;
  goToCounter: (counterName: string) => string;
  calledTicket: (ticket: string, time: string) => string;
  grace: (minutes: number) => string;
  serving: (counterName: string) => string;
  servingNoCounter: string;
  ended: { done: string; no_show: string; cancelled: string };
  endedDetails: string;
  joinAgain: string;
  unknownLinkTitle: string;
  unknownLinkDetails: string;
  goToJoin: string;
}
