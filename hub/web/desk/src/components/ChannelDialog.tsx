/**
 * The same visit goes on another way: kiosk, desk, remote or phone. A phone
 * callback needs a number (the one on file will do); going remote texts the
 * status link, so without a number on file it asks for one to text it to.
 */
import { useState } from 'preact/hooks';
import { CHANNELS, type Channel, type EntryView } from '../../../../contract/index.ts';
import { messages } from '../messages.ts';
import { Dialog } from './Dialog.tsx';
import { FormButtons } from './FormButtons.tsx';

interface Props {
  entry: EntryView;
  /** Answers with the hub's refusal in words, shown in the dialog (the notices sit behind it); null once done. */
  onChange: (channel: Channel, phone: string | null) => Promise<string | null>;
  onClose: () => void;
}

export function ChannelDialog({ entry, onChange, onClose }: Props) {
  const m = messages.changeChannel;
  const [channel, setChannel] = useState<Channel>(CHANNELS.find((c) => c !== entry.channel)!);
  const [phone, setPhone] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const asksNumber = channel === 'phone' || (channel === 'remote' && !entry.hasPhone);
  const numberLabel = entry.hasPhone ? m.phoneOnFile : channel === 'phone' ? m.phone : m.phoneForLink;
  return (
    <Dialog title={m.title(entry.ticket ?? '')} onClose={onClose}>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setRefusal(await onChange(channel, asksNumber && phone.trim() ? phone.trim() : null));
        }}
      >
        <fieldset>
          <legend>{m.to}</legend>
          {CHANNELS.map((c) => (
            <label key={c} class="choice">
              <input type="radio" name="to-channel" value={c} checked={channel === c} disabled={c === entry.channel} onChange={() => setChannel(c)} />
              {messages.channels[c]}
            </label>
          ))}
        </fieldset>
        {asksNumber && (
          <div class="dialog-field">
            <label for="channel-phone">{numberLabel}</label>
            <input id="channel-phone" type="tel" autocomplete="off" value={phone} required={!entry.hasPhone} onInput={(event) => setPhone(event.currentTarget.value)} />
          </div>
        )}
        {channel === 'remote' && entry.hasPhone && <p class="hint">{m.linkToFile}</p>}
        <FormButtons closeLabel={m.close} submitLabel={m.submit} onClose={onClose} refusal={refusal} />
      </form>
    </Dialog>
  );
}
