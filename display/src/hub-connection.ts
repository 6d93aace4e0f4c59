/**
 * The display's one MQTT connection to the hub, over WebSocket at /mqtt on the
 * page's own origin. It reads the retained public topics it needs, so it shows
 * the truth as soon as it (re)connects, and reconnects by itself for as long as
 * the page is open. With device credentials it also keeps the device's retained
 * status, with a Last Will, so the hub hears when the TV goes away.
 */
import { siteTopics, type SiteTopics } from '../../hub/contract/topics.ts';
import type { DeviceStatus } from '../../hub/contract/views.ts';
import type { DeviceCredentials } from '../../web-lib/device-credentials.ts';
import { MqttSocket, randomSuffix } from '../../web-lib/mqtt-socket.ts';
import { followPublicState, NO_PUBLIC_STATE, type PublicState, type Watch } from '../../web-lib/public-state.ts';
import { TopicReaders } from '../../web-lib/topic-readers.ts';

/** A TV has one hub to find and nothing better to do: try again often. */
const RECONNECT_MS = 2_000;
/** A silent network (no TCP reset) is noticed within about one and a half of these. */
const KEEPALIVE_SECONDS = 15;
const CONNECT_TIMEOUT_MS = 5_000;

export type ConnectionState = 'connecting' | 'online' | 'reconnecting';
/** Why the display is reading less than it was set up for. */
export type AccessProblem = 'device-refused' | 'anonymous-refused' | null;

export interface LiveState extends PublicState {
  connection: ConnectionState;
  access: AccessProblem;
}

export interface HubConnectionOptions {
  /** ws:// or wss:// URL of the hub's MQTT endpoint. */
  url: string;
  siteId: string;
  watch: Watch;
  device: DeviceCredentials | null;
}

export class HubConnection {
  private readonly topics: SiteTopics;
  private socket: MqttSocket | null = null;
  private device: DeviceCredentials | null;
  private state: LiveState = { connection: 'connecting', access: null, ...NO_PUBLIC_STATE };
  private readonly readers = new TopicReaders();
  private detail: Record<string, unknown> = {};
  private everConnected = false;
  private onChange: (state: LiveState) => void = () => {};

  constructor(private readonly options: HubConnectionOptions) {
    this.topics = siteTopics(options.siteId);
    this.device = options.device;
    followPublicState(this.readers, this.topics, options.watch, (change) => this.update(change));
  }

  /** The state now; later changes go to the listener given to start(). */
  snapshot(): LiveState {
    return this.state;
  }

  start(onChange: (state: LiveState) => void): void {
    this.onChange = onChange;
    this.connect();
  }

  /** Ends the connection for good (page torn down); the Last Will tells the hub. */
  stop(): void {
    this.onChange = () => {};
    this.socket?.close();
    this.socket = null;
  }

  /** What the screen is doing, for the device status; published when it changes. */
  setStatusDetail(detail: Record<string, unknown>): void {
    if (JSON.stringify(detail) === JSON.stringify(this.detail)) return;
    this.detail = detail;
    this.publishStatus();
  }

  private connect(): void {
    const device = this.device;
    const offline: DeviceStatus | null = device && { deviceId: device.deviceId, online: false, at: new Date().toISOString() };
    const socket = new MqttSocket(
      {
        url: this.options.url,
        clientId: `${device?.deviceId ?? 'display'}-${randomSuffix()}`,
        keepaliveSeconds: KEEPALIVE_SECONDS,
        reconnectMs: RECONNECT_MS,
        connectTimeoutMs: CONNECT_TIMEOUT_MS,
        ...(device && {
          username: device.deviceId,
          password: device.key,
          will: { topic: this.topics.deviceStatus(device.deviceId), payload: JSON.stringify(offline) },
        }),
      },
      {
        onOpen: () => {
          this.everConnected = true;
          this.readers.connected(socket);
          // A refusal of anonymous readers is over once connected; a refused device stays noted (it still cannot report).
          this.update({ connection: 'online', access: this.state.access === 'anonymous-refused' ? null : this.state.access });
          this.publishStatus();
        },
        onClose: () => this.update({ connection: this.everConnected ? 'reconnecting' : 'connecting' }),
        onRefused: () => this.onRefused(),
        onMessage: (topic, payload) => this.readers.read(topic, payload),
      },
    );
    this.socket = socket;
    socket.open();
  }

  private onRefused(): void {
    if (!this.device) {
      this.update({ access: 'anonymous-refused' });
      return;
    }
    // Wrong or withdrawn device credentials must not blank the lobby: carry on as an anonymous reader.
    this.device = null;
    this.socket?.close();
    this.update({ access: 'device-refused' });
    this.connect();
  }

  private publishStatus(): void {
    if (!this.device || !this.socket?.connected) return;
    const status: DeviceStatus = { deviceId: this.device.deviceId, online: true, at: new Date().toISOString(), detail: this.detail };
    this.socket.publish(this.topics.deviceStatus(this.device.deviceId), JSON.stringify(status), { retain: true });
  }

  private update(change: Partial<LiveState>): void {
    const changed = (Object.keys(change) as (keyof LiveState)[]).some((key) => change[key] !== this.state[key]);
    if (!changed) return;
    this.state = { ...this.state, ...change };
    this.onChange(this.state);
  }
}
