/** The first thing a desk asks: which counter is this? Remembered on this computer. */
import type { DeskBoard, DeskSite } from '../../../../contract/desk.ts';
import { messages } from '../messages.ts';
import { counterName, serviceName } from '../names.ts';

export function CounterPicker({ site, board, onPick }: { site: DeskSite; board: DeskBoard | null; onPick: (counterId: string) => void }) {
  const m = messages.counter;
  return (
    <section class="screen counter-picker" aria-labelledby="picker-title">
      <h1 id="picker-title">{m.pickTitle}</h1>
      <p class="intro">{m.pickIntro}</p>
      <ul class="counter-choices">
        {site.counters.map((counter) => {
          const status = board?.counters.find((c) => c.counterId === counter.counterId)?.status;
          return (
            <li key={counter.counterId}>
              <button type="button" class="counter-choice" onClick={() => onPick(counter.counterId)}>
                <span class="counter-name">{counterName(site, counter.counterId)}</span>
                <span class="counter-serves">{m.serves(counter.serviceIds.map((id) => serviceName(site, id)).join(', '))}</span>
                {status && <span class={`state state-${status === 'open' ? 'on' : 'off'}`}>{m.status[status]}</span>}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
