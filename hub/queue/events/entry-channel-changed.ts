import { entryOf, useChannel, type EventApplier } from './common.ts';

export const entryChannelChanged: EventApplier<'entry.channel-changed'> = (state, data) => {
  const entry = entryOf(state, data.entryId);
  useChannel(entry, data.channel);
  if (data.phone) entry.phone = data.phone;
};
