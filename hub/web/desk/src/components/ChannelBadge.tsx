/** How a person joined the line, as an icon with its name beside it (never an icon alone). */
import type { Channel } from '../../../../contract/index.ts';
import { messages } from '../messages.ts';

const PATHS: Record<Channel, string> = {
  // A touchscreen on a stand.
  kiosk: 'M4 3h12a1 1 0 0 1 1 1v9a1 1 0 0 1-1 1h-5v2h3v2H6v-2h3v-2H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1zm1 2v7h10V5z',
  // A phone showing a wait somewhere else: a location pin.
  remote: 'M10 2a6 6 0 0 1 6 6c0 4.2-6 10-6 10S4 12.2 4 8a6 6 0 0 1 6-6zm0 3.5A2.5 2.5 0 1 0 10 10.5 2.5 2.5 0 0 0 10 5.5z',
  // A telephone handset.
  phone:
    'M6.6 2.5l2 3.2a1 1 0 0 1-.2 1.3L7.1 8.2a9 9 0 0 0 4.7 4.7l1.2-1.3a1 1 0 0 1 1.3-.2l3.2 2a1 1 0 0 1 .4 1.2l-.8 2a2 2 0 0 1-2.1 1.3C8.2 17.3 2.7 11.8 2.1 5a2 2 0 0 1 1.3-2.1l2-.8a1 1 0 0 1 1.2.4z',
  // A person at a desk.
  desk: 'M10 2.5a3 3 0 1 1 0 6 3 3 0 0 1 0-6zM5 10.5h10a2 2 0 0 1 2 2V13H3v-.5a2 2 0 0 1 2-2zM2 14h16v2H2z',
};

export function ChannelIcon({ channel }: { channel: Channel }) {
  return (
    <svg class="icon" viewBox="0 0 20 20" width="18" height="18" aria-hidden="true" focusable="false">
      <path d={PATHS[channel]} fill="currentColor" />
    </svg>
  );
}

export function ChannelBadge({ channel }: { channel: Channel }) {
  return (
    <span class={`channel channel-${channel}`}>
      <ChannelIcon channel={channel} />
      {messages.channels[channel]}
    </span>
  );
}

export function PhoneOnFile() {
  return (
    <span class="tag tag-phone" title={messages.line.phoneOnFile}>
      <ChannelIcon channel="phone" />
      {messages.line.phoneOnFile}
    </span>
  );
}
