/**
 * What needs someone's attention: devices that went offline, kiosks that
 * cannot print, lobby TVs that cannot make sound, the contact-center mirror
 * being disconnected, a webhook receiver that keeps failing. Read from the
 * devices' own retained statuses (kiosks put their printer in
 * `detail.printer`, displays their sound in `detail.sound`) and from the
 * mirror's and the webhooks' health.
 *
 * A desk is the exception: staff use it in a browser, which signs in with a
 * staff account and follows the live feed, never as an MQTT device, so the
 * site file's desk device publishes no status while the desk is busy. A desk
 * device counts as in use while staff have the desk open (BrowserDesks).
 */
import { PRINTER_STATES, type DeviceStatus, type PrinterState } from '../contract/index.ts';
import type { DeviceConfig } from '../site/config.ts';
import type { DeskAlerts, DeskDevice, DeskProblem, DeviceRef, SmsGatewayHealth } from '../contract/desk.ts';
import type { WebhookHealth } from '../mirror/webhooks.ts';

/** Printer states that mean no ticket can be printed. `paper-low` still prints and is shown as a device detail only. */
const PRINTER_PROBLEMS: readonly PrinterState[] = ['paper-out', 'cover-open', 'offline'];

export interface MirrorAlertState {
  connected: boolean;
  /** When it last connected or disconnected, as far as the hub has seen. */
  since: number;
  backlog: number;
  lastError: string | null;
}

/**
 * A webhook is worth a person's attention once one event has failed for this
 * long or this many times (at the real backoff, 5 failures take about 15 s):
 * a receiver restarting for a moment is not. The alert goes by itself once
 * the event is accepted.
 */
export const WEBHOOK_ALERT = { afterMs: 60_000, afterAttempts: 5 } as const;

/** Staff who have the desk open in a browser now (its live feed connected), and since when someone has. */
export interface BrowserDesks {
  staff: number;
  since: number | null;
}

export function deskAlerts(
  devices: readonly DeviceConfig[],
  statuses: ReadonlyMap<string, DeviceStatus>,
  mirror: MirrorAlertState | null,
  sms: SmsGatewayHealth | null,
  now: number,
  browserDesks: BrowserDesks = { staff: 0, since: null },
  webhooks: readonly WebhookHealth[] = [],
): DeskAlerts {
  const known = new Map<string, DeviceRef>(devices.map((d) => [d.id, { deviceId: d.id, name: d.name ?? null, role: d.role }]));
  for (const id of statuses.keys()) if (!known.has(id)) known.set(id, { deviceId: id, name: null, role: 'device' });

  const problems: DeskProblem[] = [];
  const list: DeskDevice[] = [];
  for (const ref of known.values()) {
    const status = statuses.get(ref.deviceId);
    if (ref.role === 'desk' && browserDesks.staff > 0 && !status?.online) {
      list.push({ ...deviceRow(ref, undefined), online: true, at: iso(browserDesks.since ?? now), inBrowser: browserDesks.staff });
      continue;
    }
    list.push(deviceRow(ref, status));
    if (status) problems.push(...deviceProblems(ref, status));
  }
  if (mirror && !mirror.connected) {
    problems.push({ kind: 'mirror-offline', since: iso(mirror.since), backlog: mirror.backlog, lastError: mirror.lastError });
  }
  problems.push(...webhookProblems(webhooks, now));
  if (sms && !sms.connected) problems.push({ kind: 'sms-offline', since: sms.since, detail: sms.detail });
  else if (sms && sms.failedLastHour > 0) problems.push({ kind: 'sms-failing', since: sms.since, failedLastHour: sms.failedLastHour, detail: sms.detail });
  problems.sort((a, b) => a.since.localeCompare(b.since));
  return {
    at: iso(now),
    problems,
    devices: list.sort((a, b) => a.role.localeCompare(b.role) || a.deviceId.localeCompare(b.deviceId)),
    mirror: mirror && { connected: mirror.connected, since: iso(mirror.since), backlog: mirror.backlog, lastError: mirror.lastError },
    sms,
  };
}

/** One problem per webhook past WEBHOOK_ALERT, dated from its first failure on the event it is stuck on. */
export function webhookProblems(webhooks: readonly WebhookHealth[], now: number): DeskProblem[] {
  return webhooks.flatMap(({ id, failingSince, attempts, backlog, lastError, nextRetryAt }) =>
    failingSince !== null && (attempts >= WEBHOOK_ALERT.afterAttempts || now - Date.parse(failingSince) >= WEBHOOK_ALERT.afterMs)
      ? [{ kind: 'webhook-failing' as const, since: failingSince, webhookId: id, backlog, attempts, lastError, nextRetryAt }]
      : [],
  );
}

function deviceProblems(device: DeviceRef, status: DeviceStatus): DeskProblem[] {
  if (!status.online) return [{ kind: 'device-offline', device, since: status.at }];
  const problems: DeskProblem[] = [];
  const printer = printerOf(status);
  if (printer && PRINTER_PROBLEMS.includes(printer)) {
    const message = status.detail?.printerMessage;
    problems.push({ kind: 'printer', device, state: printer, message: typeof message === 'string' ? message : null, since: status.at });
  }
  const sound = status.detail?.sound;
  if (sound === 'blocked' || sound === 'unavailable') problems.push({ kind: 'sound', device, state: sound, since: status.at });
  return problems;
}

function deviceRow(device: DeviceRef, status: DeviceStatus | undefined): DeskDevice {
  const sound = status?.detail?.sound;
  return {
    ...device,
    online: status ? status.online : null,
    at: status?.at ?? null,
    printer: status ? printerOf(status) : null,
    sound: typeof sound === 'string' ? sound : null,
    inBrowser: null,
  };
}

function printerOf(status: DeviceStatus): PrinterState | null {
  const printer = status.detail?.printer;
  return typeof printer === 'string' && (PRINTER_STATES as readonly string[]).includes(printer) ? (printer as PrinterState) : null;
}

const iso = (ms: number) => new Date(ms).toISOString();
