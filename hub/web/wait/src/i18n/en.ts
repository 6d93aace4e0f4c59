import type { Messages } from './messages.ts';

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st. */
function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}

export const en: Messages = {
  languageName: 'English',
  language: 'Language',
  pageTitle: 'Wait from anywhere',
  intro: 'Join the line from your phone and wait where you like. We show your place here and tell you when to come in.',
  loadingSite: 'Loading the lines…',
  siteUnreachable: 'We cannot reach the check-in system right now. Check your connection and try again.',
  tryAgain: 'Try again',
  chooseService: 'What are you here for?',
  waitingCount: (count) => (count === 0 ? 'Nobody waiting' : count === 1 ? '1 person waiting' : `${count} people waiting`),
  wait: (low, high) => (low === high ? `about ${low} min` : `${low} to ${high} min`),
  noEstimate: 'No estimate yet',
  notJoinable: 'Not taking more people from phones right now. Please check in at the front desk.',
  textMeTitle: 'Get a text (optional)',
  phoneLabel: 'Mobile number',
  phoneHint: 'For example (201) 555-0123',
  textConsent: 'Text me when it’s almost my turn.',
  textConsentDetails: 'We use your number only for this visit and delete it afterwards. Reply STOP to stop.',
  phoneNotSent: 'Your number is only sent if you tick “Text me”.',
  join: 'Join the line',
  joining: 'Joining…',
  pickService: 'Please choose what you are here for.',
  phoneProblem: (hubMessage) => `We could not use that mobile number: ${hubMessage}`,
  lineFull: 'Sorry, this line is full right now. Please choose another service or check in at the front desk.',
  rateLimited: (minutes) => `Too many people are joining right now. Please try again in ${minutes} min, or check in at the front desk.`,
  joinRefused: (hubMessage) => `Sorry, we could not add you to the line: ${hubMessage}`,
  hubUnreachable: 'We cannot reach the check-in system. Check your connection and press Join again: you will only be added once.',
  connection: { connecting: 'Connecting…', live: 'Live', reconnecting: 'Connection lost. Reconnecting…' },
  yourTicket: 'Your ticket',
  place: (place) => (place === 1 ? 'You’re next' : `You are ${ordinal(place)} in line`),
  estimatedWait: 'Estimated wait',
  booked: 'Your visit is booked. Check in when you arrive.',
  onMyWay: 'I’m on my way',
  onMyWayNoted: 'Thanks, the staff know you are on your way.',
  moreTime: 'I need more time',
  moreTimeDetails: (places, left) =>
    `Moves you back ${places === 1 ? '1 place' : `${places} places`}. You can ask ${left === 1 ? '1 more time' : `${left} more times`}.`,
  noMoreTime: 'You have used all your extra time.',
  leave: 'Leave the line',
  leaveQuestion: 'Leave the line? Your place will go to the next person and you cannot get it back.',
  leaveConfirm: 'Yes, leave the line',
  stay: 'No, keep my place',
  actionFailed: (hubMessage) => `That did not work: ${hubMessage}`,
  notConnected: 'Not connected right now. Please try again in a moment.',
  goToCounter: (counterName) => `Go to ${counterName} now`,
  calledTicket: (ticket) => `Your ticket ${ticket} has been called.`,
  grace: (minutes) => `Please get there within ${minutes} min, or your turn may go to the next person.`,
  serving: (counterName) => `You are being served at ${counterName}.`,
  servingNoCounter: 'You are being served.',
  ended: {
    done: 'Your visit is complete. Thank you!',
    no_show: 'You were called but did not arrive in time, so your turn has passed.',
    cancelled: 'You have left the line.',
  },
  endedDetails: 'This page no longer follows a place in line.',
  joinAgain: 'Join a line again',
  unknownLinkTitle: 'We cannot find this visit',
  unknownLinkDetails: 'This link is not valid, or the visit ended a while ago.',
  goToJoin: 'Go to the join page',
};
