/** Send a person to another service's line, keeping their place by arrival time or joining at the end. */
import { useState } from 'preact/hooks';
import type { DeskEntry, DeskSite } from '../../../../contract/desk.ts';
import { messages } from '../messages.ts';
import { serviceName } from '../names.ts';
import { Dialog } from './Dialog.tsx';
import { FormButtons } from './FormButtons.tsx';

interface Props {
  entry: DeskEntry;
  site: DeskSite;
  onTransfer: (toServiceId: string, keepPlace: boolean) => void;
  onClose: () => void;
}

export function TransferDialog({ entry, site, onTransfer, onClose }: Props) {
  const m = messages.transfer;
  const others = site.services.filter((s) => s.serviceId !== entry.serviceId);
  const [target, setTarget] = useState(others[0]?.serviceId ?? '');
  const [keepPlace, setKeepPlace] = useState(true);
  return (
    <Dialog title={m.title(entry.ticket ?? '')} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (target) onTransfer(target, keepPlace);
        }}
      >
        <fieldset>
          <legend>{m.to}</legend>
          {others.map((service) => (
            <label key={service.serviceId} class="choice">
              <input
                type="radio"
                name="to-service"
                value={service.serviceId}
                checked={target === service.serviceId}
                onChange={() => setTarget(service.serviceId)}
              />
              {serviceName(site, service.serviceId)}
            </label>
          ))}
        </fieldset>
        <label class="choice">
          <input type="checkbox" checked={keepPlace} onChange={(event) => setKeepPlace(event.currentTarget.checked)} />
          {m.keepPlace}
        </label>
        <FormButtons closeLabel={m.close} submitLabel={m.submit} onClose={onClose} />
      </form>
    </Dialog>
  );
}
