import type { Messages } from './messages.ts';

const range = (low: number, high: number) => (low === high ? `${low} min` : `${low}–${high} min`);

export const en: Messages = {
  nowServing: 'Now serving',
  recentCalls: 'Recent calls',
  goTo: 'please go to',
  waitingTitle: 'Waiting now',
  waiting: 'waiting',
  estimatedWait: 'Estimated wait',
  minutes: range,
  noEstimate: 'No estimate yet',
  noCounterOpen: 'No counter open',
  noCallsYet: 'No one has been called yet',
  connecting: 'Connecting to the hub…',
  reconnecting: 'Reconnecting…',
  soundBlocked: 'Sound is off',
  enableSound: 'Enable sound',
  counterOpen: 'Open',
  counterPaused: 'Paused',
  counterClosed: 'Closed',
  deviceRefused: 'Device sign-in refused: showing public information only',
  anonymousRefused: 'This hub needs device credentials for displays (device= and key= in the address)',
  unknownIds: (ids) => `Not in this site: ${ids.join(', ')}`,
  speech: {
    call: (ticket, counterName) => `Ticket ${ticket}, please go to ${counterName}.`,
    recall: (ticket, counterName) => `Calling again: ticket ${ticket}, please go to ${counterName}.`,
  },
  setup: {
    title: 'This display is not set up yet',
    siteMissing: 'Add the site to the address of this page.',
    counterMissing: 'Counter mode needs the counter to show.',
    badParameter: (name) => `The address has an invalid "${name}".`,
    example: 'For example:',
    siteIdPlaceholder: 'your-site-id',
    thisHub: (siteId) => `This hub serves the site "${siteId}":`,
    wrongSiteTitle: 'This display is set for another site',
    wrongSite: (siteId, hubSiteId) => `This display is set for site "${siteId}", but this hub serves "${hubSiteId}".`,
    openInstead: 'Open this address instead:',
  },
};
