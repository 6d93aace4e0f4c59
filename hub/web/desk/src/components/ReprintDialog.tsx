/** Print someone's ticket again at the kiosk staff choose (lost, or the first one jammed). */
import { useState } from 'preact/hooks';
import type { DeskEntry, DeskSite } from '../../../../contract/desk.ts';
import { messages } from '../messages.ts';
import { Dialog } from './Dialog.tsx';
import { FormButtons } from './FormButtons.tsx';

interface Props {
  entry: DeskEntry;
  site: DeskSite;
  onReprint: (kiosk: DeskSite['kiosks'][number]) => void;
  onClose: () => void;
}

export function ReprintDialog({ entry, site, onReprint, onClose }: Props) {
  const m = messages.reprint;
  const [kioskId, setKioskId] = useState(site.kiosks[0]?.deviceId ?? '');
  const chosen = site.kiosks.find((k) => k.deviceId === kioskId);
  return (
    <Dialog title={m.title(entry.ticket ?? '')} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (chosen) onReprint(chosen);
        }}
      >
        {site.kiosks.length === 0 ? (
          <p>{m.noKiosk}</p>
        ) : (
          <fieldset>
            <legend>{m.at}</legend>
            {site.kiosks.map((kiosk) => (
              <label key={kiosk.deviceId} class="choice">
                <input type="radio" name="kiosk" value={kiosk.deviceId} checked={kioskId === kiosk.deviceId} onChange={() => setKioskId(kiosk.deviceId)} />
                {kiosk.name}
              </label>
            ))}
          </fieldset>
        )}
        <FormButtons closeLabel={m.close} submitLabel={m.submit} onClose={onClose} submitDisabled={!chosen} />
      </form>
    </Dialog>
  );
}
