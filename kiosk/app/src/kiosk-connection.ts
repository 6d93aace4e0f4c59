/**
 * The kiosk screen's MQTT connection to the hub (WebSocket, /mqtt on the page's
 * origin), signed in as the kiosk device. It reads the retained public site and
 * service lines, the kiosk agent's retained status (printer state, last job),
 * and sends enroll commands by request/reply. It publishes no status of its
 * own: `devices/{id}/status` belongs to the agent, which runs as the same device.
 */
import { siteTopics, type SiteTopics } from '../../../hub/contract/topics.ts';
import type { CommandReply, EntryView, PublicServiceState, PublicSite } from '../../../hub/contract/views.ts';
import type { KioskStatusDetail } from '../../../hub/contract/devices.ts';
import { MqttSocket, randomSuffix } from '../../../display/src/mqtt-socket.ts';
import { readServiceState, readSite } from '../../../display/src/public-payloads.ts';
import type { DeviceCredentials } from './settings.ts';

const RECONNECT_MS = 2_000;
const KEEPALIVE_SECONDS = 15;
const CONNECT_TIMEOUT_MS = 5_000;

/** The screen makes its enrol request ids with it too. */
export { randomSuffix };

export type ConnectionState = 'connecting' | 'online' | 'reconnecting' | 'refused';

export interface KioskLiveState {
  connection: ConnectionState;
  site: PublicSite | null;
  services: Readonly<Record<string, PublicServiceState>>;
  /** The agent's printer and last job; null while unknown (no agent, or not allowed to read it). */
  agent: KioskStatusDetail | null;
}

export type EnrollRequest = { serviceId: string; language: string; requestId: string; phone?: string };
export type EnrollOutcome =
  | { ok: true; entry: EntryView }
  | { ok: false; kind: 'unreachable' }
  | { ok: false; kind: 'refused'; message: string };

export class KioskConnection {
  private readonly topics: SiteTopics;
  private readonly clientId: string;
  private socket: MqttSocket | null = null;
  private state: KioskLiveState = { connection: 'connecting', site: null, services: {}, agent: null };
  private readonly pending = new Map<string, (reply: CommandReply) => void>();
  private everConnected = false;
  private onChange: (state: KioskLiveState) => void = () => {};

  constructor(
    private readonly url: string,
    siteId: string,
    private readonly device: DeviceCredentials,
  ) {
    this.topics = siteTopics(siteId);
    this.clientId = `${device.deviceId}-screen-${randomSuffix()}`;
  }

  snapshot(): KioskLiveState {
    return this.state;
  }

  start(onChange: (state: KioskLiveState) => void): void {
    this.onChange = onChange;
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
          const { publicSite, reply, deviceStatus } = this.topics;
          socket.subscribe([publicSite, this.topics.service('+'), reply(this.clientId), deviceStatus(this.device.deviceId)]);
          this.update({ connection: 'online' });
        },
        // A refused kiosk keeps trying at the same pace (its key may be fixed on the hub) and keeps saying why meanwhile.
        onClose: () => {
          if (this.state.connection !== 'refused') this.update({ connection: this.everConnected ? 'reconnecting' : 'connecting' });
        },
        onRefused: () => this.update({ connection: 'refused' }),
        onMessage: (topic, payload) => this.onMessage(topic, payload),
      },
    );
    this.socket = socket;
    socket.open();
  }

  stop(): void {
    this.onChange = () => {};
    this.socket?.close();
    this.socket = null;
  }

  /**
   * Asks the hub for a ticket. Unanswered within `timeoutMs` (hub down, network
   * gone) is 'unreachable'; the caller retries with the same requestId, which
   * the hub answers with the same entry, never a second one.
   */
  enroll(request: EnrollRequest, timeoutMs = 6_000): Promise<EnrollOutcome> {
    const socket = this.socket;
    if (!socket?.connected) return Promise.resolve({ ok: false, kind: 'unreachable' });
    const id = `${request.requestId}-${randomSuffix()}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, kind: 'unreachable' });
      }, timeoutMs);
      this.pending.set(id, (reply) => {
        clearTimeout(timer);
        this.pending.delete(id);
        if (reply.ok) resolve({ ok: true, entry: reply.result as EntryView });
        else if (reply.error.code === 'unavailable') resolve({ ok: false, kind: 'unreachable' });
        else resolve({ ok: false, kind: 'refused', message: reply.error.message });
      });
      const payload = { id, channel: 'kiosk', ...request };
      socket.publish(this.topics.command('enroll'), JSON.stringify(payload));
    });
  }

  private onMessage(topic: string, bytes: Uint8Array): void {
    let payload: unknown = null;
    if (bytes.length > 0) {
      try {
        payload = JSON.parse(new TextDecoder().decode(bytes));
      } catch {
        return;
      }
    }
    if (topic === this.topics.publicSite) this.update({ site: readSite(payload) });
    else if (topic === this.topics.reply(this.clientId)) this.onReply(payload);
    else if (topic === this.topics.deviceStatus(this.device.deviceId)) this.update({ agent: readAgentDetail(payload) });
    else if (topic.startsWith(`${this.topics.publicPrefix}/services/`)) {
      const serviceId = topic.slice(this.topics.publicPrefix.length + '/services/'.length);
      const services = { ...this.state.services };
      const service = readServiceState(payload);
      if (service) services[serviceId] = service;
      else delete services[serviceId];
      this.update({ services });
    }
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
