import type { WaitSiteService } from '../../../../contract/wait.ts';
import type { Messages } from '../i18n/index.ts';
import { nameIn } from '../names.ts';
import { shortWait } from '../wait-words.ts';

interface Props {
  services: readonly WaitSiteService[];
  language: string;
  messages: Messages;
  chosen: string | null;
  onChoose: (serviceId: string) => void;
}

/** One radio per service with its line and wait; a line that takes no phone joins says so and cannot be picked. */
export function ServiceChoice({ services, language, messages, chosen, onChoose }: Props) {
  return (
    <fieldset class="services">
      <legend>{messages.chooseService}</legend>
      {services.map((service) => {
        const id = `service-${service.serviceId}`;
        return (
          <label key={service.serviceId} class={`service${service.joinable ? '' : ' not-joinable'}`} for={id}>
            <input
              type="radio"
              id={id}
              name="service"
              value={service.serviceId}
              checked={chosen === service.serviceId}
              disabled={!service.joinable}
              onChange={() => onChoose(service.serviceId)}
            />
            <span class="service-text">
              <span class="service-name">{nameIn(service.name, language)}</span>
              <span class="service-line">
                {messages.waitingCount(service.waiting)} · {shortWait(messages, language, service)}
              </span>
              {!service.joinable && <span class="service-closed">{messages.notJoinable}</span>}
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}
