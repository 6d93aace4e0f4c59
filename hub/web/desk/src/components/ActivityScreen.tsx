/** The audit trail: who did what to which ticket, newest first, refreshed as things happen. */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Channel } from '../../../../contract/index.ts';
import type { ActivityItem, ActivityPage, DeskSite } from '../../../../contract/desk.ts';
import type { DeskApi } from '../api.ts';
import type { Notify } from '../actions.ts';
import { useDeskClock } from '../format.ts';
import { messages } from '../messages.ts';
import { counterName, serviceName } from '../names.ts';

const PAGE = 50;

interface Props {
  api: DeskApi;
  site: DeskSite;
  seq: number;
  /** The hub's time, for what can still be undone. */
  now: number;
  notify: Notify;
  onUndo: (entry: { entryId: string }) => void;
}

export function ActivityScreen({ api, site, seq, now, notify, onUndo }: Props) {
  const m = messages.activity;
  const { clockTimeWithSeconds } = useDeskClock();
  const [trail, setTrail] = useState<{ items: ActivityItem[]; before: number | null } | null>(null);

  const firstLoad = useRef(true);

  // The newest page again whenever the log grows; older pages already shown stay.
  useEffect(() => {
    let stale = false;
    const background = !firstLoad.current;
    firstLoad.current = false;
    void api.get<ActivityPage>(`/activity?limit=${PAGE}`, { background }).then((page) => {
      if (stale) return;
      if (!page.ok) return notify('error', page.error.message);
      const newest = page.value.items;
      setTrail((shown) => {
        // Older pages stay only when the new page reaches back to them without a gap.
        const joins = shown && newest.length > 0 && (shown.items[0]?.seq ?? 0) >= newest.at(-1)!.seq - 1;
        return joins ? { items: mergeNewest(newest, shown.items), before: shown.before } : { items: newest, before: page.value.before };
      });
    });
    return () => {
      stale = true;
    };
  }, [seq]);

  const showOlder = async () => {
    if (!trail || trail.before === null) return;
    const page = await api.get<ActivityPage>(`/activity?limit=${PAGE}&before=${trail.before}`);
    if (!page.ok) return notify('error', page.error.message);
    setTrail((shown) => ({ items: [...(shown?.items ?? []), ...page.value.items], before: page.value.before }));
  };
  const items = trail?.items ?? null;
  const before = trail?.before ?? null;

  return (
    <section class="screen activity" tabIndex={0} aria-labelledby="activity-title">
      <h1 id="activity-title">{m.title}</h1>
      <p class="intro">{m.intro}</p>
      {items && items.length === 0 && <p class="empty">{m.empty}</p>}
      {items && items.length > 0 && (
        <table class="activity-table">
          <thead>
            <tr>
              <th scope="col">{m.when}</th>
              <th scope="col">{m.who}</th>
              <th scope="col">{m.what}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.account ? `${item.type}-${item.at}-${item.account.staffId}` : item.seq}>
                <td class="when">
                  <time dateTime={item.at}>{clockTimeWithSeconds(item.at)}</time>
                </td>
                <td class="who">{who(item)}</td>
                <td class="what">
                  {what(item, site)}
                  {item.entryId && item.undoableUntil && Date.parse(item.undoableUntil) > now && (
                    <button type="button" class="undo-item" onClick={() => onUndo({ entryId: item.entryId! })} aria-label={messages.actions.undoThis(item.ticket ?? '')}>
                      {messages.actions.undo}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {before !== null && (
        <button type="button" onClick={showOlder}>
          {m.older}
        </button>
      )}
    </section>
  );
}

function mergeNewest(newest: ActivityItem[], shownItems: ActivityItem[]): ActivityItem[] {
  const oldestNew = newest.at(-1)?.seq ?? Infinity;
  return [...newest, ...shownItems.filter((item) => item.seq < oldestNew)];
}

function who(item: ActivityItem): string {
  const { actor } = item;
  if (actor.kind === 'staff') return actor.name ?? actor.id;
  if (actor.kind === 'device') return actor.name ? `${actor.name} (${actor.id})` : actor.id;
  if (actor.kind === 'integration') return actor.name ? messages.activity.contactCenterAgent(actor.name) : messages.activity.integration(actor.id);
  if (actor.kind === 'person') return actor.device?.startsWith('sms') ? messages.activity.personBySms : messages.activity.personOnline;
  return messages.activity.hub;
}

function what(item: ActivityItem, site: DeskSite): string {
  const describe = messages.activity.events[item.type];
  if (!describe) return item.type;
  return describe({
    ticket: item.ticket ?? '—',
    service: item.serviceId ? serviceName(site, item.serviceId) : '',
    counter: item.counterId ? counterName(site, item.counterId) : '',
    channel: item.channel ? (messages.channels[item.channel as Channel] ?? item.channel) : '',
    toService: item.toServiceId ? serviceName(site, item.toServiceId) : '',
    keepPlace: item.keepPlace ?? false,
    position: item.position ?? null,
    reason: item.reason ?? null,
    counterStatus: item.counterStatus ?? null,
    account: item.account ? (item.account.name ?? item.account.staffId) : '',
    undid: item.undid ?? null,
    callback: item.callback ?? null,
  });
}
