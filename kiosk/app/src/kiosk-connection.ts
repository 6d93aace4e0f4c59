/**
 * The kiosk screen's MQTT connection to the hub (WebSocket, /mqtt on the page's
 * origin), signed in as the kiosk device. It reads the retained public site and
 * service lines, the kiosk agent's retained status (printer state, last job)
 * and the scans the agent passes on, and sends enroll, check-in and reprint
 * commands by request/reply. It publishes no status of its own:
 * `devices/{id}/status` belongs to the agent, which runs as the same device.
 */
import type { KioskScan, KioskStatusDetail } from '../../../hub/contract/devices.ts';
import { siteTopics, type SiteTopics } from '../../../hub/contract/topics.ts';
import type { CommandReply, EntryView } from '../../../hub/contract/views.ts';
import type { DeviceCredentials } from '../../../web-lib/device-credentials.ts';
import { MqttSocket, randomSuffix } from '../../../web-lib/mqtt-socket.ts';
import { followPublicState, type PublicState } from '../../../web-lib/public-state.ts';
import { TopicReaders } from '../../../web-lib/topic-readers.ts';

const RECONNECT_MS = 2_000;
const KEEPALIVE_SECONDS = 15;
const CONNECT_TIMEOUT_MS = 5_000;

/** The screen makes its enrol request ids with it too. */
export { randomSuffix };

export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'refused';

export interface KioskLiveState extends Pick<PublicState, 'site' | 'services'> {
  connection: ConnectionState;
  /** The agent's printer and last job; null while unknown (no agent, or not allowed to read it). */
  agent: KioskStatusDetail | null;
}

export type EnrollRequest = { serviceId: string; language: string; requestId: string; phone?: string };
/** What asking the hub came to: its answer, its refusal (with the error code), or no answer at all. */
/** A refusal keeps the hub's reason and parameters, for describeRefusal (web-lib/refusals). */
export type Answer<T> =
  | { ok: true; value: T }
  | { ok: false; kind: 'unreachable' }
  | { ok: false; kind: 'refused'; code: string; message: string; reason?: string; params?: unknown };
/** A reprint names the entry by id, or by its ticket when only the ticket's QR code was scanned. */
export type ReprintRequest = { entryId: string } | { ticket: string };

export class KioskConnection {
  private readonly topics: SiteTopics;
  private readonly clientId: string;
  private socket: MqttSocket | null = null;
  private state: KioskLiveState = { connection: 'connecting', site: null, services: {}, agent: null };
  private readonly readers = new TopicReaders();
  private readonly pending = new Map<string, (reply: CommandReply) => void>();
  private everConnected = false;
  private onChange: (state: KioskLiveState) => void = () => {};
  private onScan: (scan: KioskScan) => void = () => {};

  constructor(
    private readonly url: string,
    siteId: string,
    private readonly device: DeviceCredentials,
  ) {
    this.topics = siteTopics(siteId);
    this.clientId = `${device.deviceId}-screen-${randomSuffix()}`;
    followPublicState(this.readers, this.topics, { nowServing: false, services: 'site', counters: [] }, (change) => this.update(change));
    this.readers.follow({
      [this.topics.reply(this.clientId)]: (payload) => this.onReply(payload),
      [this.topics.deviceStatus(device.deviceId)]: (payload) => this.update({ agent: readAgentDetail(payload) }),
      [this.topics.deviceScans(device.deviceId)]: (payload) => {
        const scan = readScan(payload);
        if (scan) this.onScan(scan);
      },
    });
  }

  snapshot(): KioskLiveState {
    return this.state;
  }

  start(onChange: (state: KioskLiveState) => void, onScan: (scan: KioskScan) => void): void {
    this.onChange = onChange;
    this.onScan = onScan;
    const socket = new MqttSocket(
      {
        url: this.url,
        clientId: this.clientId,
        username: this.device.deviceId,
        password: this.device.key,
        keepaliveSeconds: KEEPALIVE_SECONDS,
        reconnectMs: RECONNECT_MS,
        connectTimeoutMs: CONNECT_TIMEOUT_MS,
      },
      {
        onOpen: () => {
          this.everConnected = true;
          this.readers.connected(socket);
          this.update({ connection: 'online' });
        },
        // A refused kiosk keeps trying at the same pace (its key may be fixed on the hub) and keeps saying why meanwhile.
        onClose: () => {
          if (this.state.connection !== 'refused') this.update({ connection: this.everConnected ? 'reconnecting' : 'connecting' });
        },
        onRefused: () => this.update({ connection: 'refused' }),
        onMessage: (topic, payload) => this.readers.read(topic, payload),
      },
    );
    this.socket = socket;
    socket.open();
  }

  stop(): void {
    this.onChange = () => {};
    this.onScan = () => {};
    this.socket?.close();
    this.socket = null;
  }

  /**
   * Asks the hub for a ticket. Unanswered within `timeoutMs` (hub down, network
   * gone) is 'unreachable'; the caller retries with the same requestId, which
   * the hub answers with the same entry, never a second one.
   */
  enroll(request: EnrollRequest, timeoutMs?: number): Promise<Answer<EntryView>> {
    return this.ask('enroll', request.requestId, { channel: 'kiosk', ...request }, timeoutMs);
  }

  /** Checks in the appointment; asked again, the hub answers with the place already taken and prints nothing new. */
  checkIn(reference: string, timeoutMs?: number): Promise<Answer<EntryView>> {
    return this.ask('check-in', reference, { reference, channel: 'kiosk' }, timeoutMs);
  }

  /** Someone already in line by this number goes on at this kiosk: their own ticket, printed here. */
  continueVisit(phone: string, timeoutMs?: number): Promise<Answer<EntryView>> {
    return this.ask('continue-visit', 'continue', { phone, channel: 'kiosk' }, timeoutMs);
  }

  /** Prints the ticket again on this kiosk's printer. */
  reprint(request: ReprintRequest, timeoutMs?: number): Promise<Answer<EntryView>> {
    return this.ask('reprint', 'reprint', request, timeoutMs);
  }

  private ask(type: string, idPrefix: string, payload: object, timeoutMs = 6_000): Promise<Answer<EntryView>> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.resolve({ ok: false, kind: 'unreachable' });
    const id = `${idPrefix}-${randomSuffix()}`.slice(-64);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, kind: 'unreachable' });
      }, timeoutMs);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        this.pending.delete(id);
        if (reply.ok) resolve({ ok: true, value: reply.result as EntryView });
        else if (reply.error.code === 'unavailable') resolve({ ok: false, kind: 'unreachable' });
        else resolve({ ok: false, kind: 'refused', ...reply.error });
      });
      socket.publish(this.topics.command(type), JSON.stringify({ id, ...payload }));
    });
  }

  private onReply(payload: unknown): void {
    const reply = payload as CommandReply | null;
    if (!reply || typeof reply.id !== 'string') return;
    this.pending.get(reply.id)?.(reply);
  }

  private update(change: Partial<KioskLiveState>): void {
    this.state = { ...this.state, ...change };
    this.onChange(this.state);
  }
}

/** The agent's status detail, or null when it says nothing usable. */
function readAgentDetail(payload: unknown): KioskStatusDetail | null {
  const status = payload as { online?: unknown; detail?: Partial<KioskStatusDetail> } | null;
  if (!status) return null;
  // The agent's Last Will: nothing will be printed until it is back.
  if (status.online === false) return { printer: 'offline', scanner: 'disconnected' };
  if (typeof status.detail?.printer !== 'string') return null;
  return status.detail as KioskStatusDetail;
}

/** A scan as the hub let it through (hub/broker/authorize.ts checks it fully); anything else is ignored. */
function readScan(payload: unknown): KioskScan | null {
  const scan = payload as Partial<Record<string, unknown>> | null;
  if (scan?.kind === 'ticket' && typeof scan.token === 'string') return { kind: 'ticket', token: scan.token };
  if (scan?.kind === 'appointment' && typeof scan.reference === 'string') return { kind: 'appointment', reference: scan.reference };
  if (scan?.kind === 'unreadable') return { kind: 'unreadable' };
  return null;
}
