/**
 * The display's one MQTT connection to the hub, over WebSocket at /mqtt on the
 * page's own origin. It reads the retained public topics it needs, so it shows
 * the truth as soon as it (re)connects, and reconnects by itself for as long as
 * the page is open. With device credentials it also keeps the device's retained
 * status, with a Last Will, so the hub hears when the TV goes away.
 */
import { siteTopics, type SiteTopics } from '../../hub/contract/topics.ts';
import type { DeviceStatus, PublicCounterState, PublicNowServing, PublicServiceState, PublicSite } from '../../hub/contract/views.ts';
import { MqttSocket, randomSuffix } from '../../web-lib/mqtt-socket.ts';
import { readCounterState, readNowServing, readServiceState, readSite } from '../../web-lib/public-payloads.ts';
import type { DeviceCredentials } from './settings.ts';

/** A TV has one hub to find and nothing better to do: try again often. */
const RECONNECT_MS = 2_000;
/** A silent network (no TCP reset) is noticed within about one and a half of these. */
const KEEPALIVE_SECONDS = 15;
const CONNECT_TIMEOUT_MS = 5_000;

export type ConnectionState = 'connecting' | 'online' | 'reconnecting';
/** Why the display is reading less than it was set up for. */
export type AccessProblem = 'device-refused' | 'anonymous-refused' | null;

export interface LiveState {
  connection: ConnectionState;
  access: AccessProblem;
  site: PublicSite | null;
  nowServing: PublicNowServing | null;
  services: Readonly<Record<string, PublicServiceState>>;
  counters: Readonly<Record<string, PublicCounterState>>;
}

export interface Watch {
  nowServing: boolean;
  /** The service lines to read; 'site' follows the site's list of services. */
  services: readonly string[] | 'site';
  counters: readonly string[];
}

export interface HubConnectionOptions {
  /** ws:// or wss:// URL of the hub's MQTT endpoint. */
  url: string;
  siteId: string;
  watch: Watch;
  device: DeviceCredentials | null;
}

export function sameOriginMqttUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/mqtt`;
}

export class HubConnection {
  private readonly topics: SiteTopics;
  private socket: MqttSocket | null = null;
  private device: DeviceCredentials | null;
  private state: LiveState;
  /** Topic → what to do with its payload: exactly the topics subscribed to while connected. */
  private readonly readers = new Map<string, (payload: unknown) => void>();
  private readonly watchedServices = new Set<string>();
  private detail: Record<string, unknown> = {};
  private everConnected = false;
  /** Per topic, the newest `updatedAt` shown since connecting (ISO times compare as strings). */
  private readonly newestUpdate = new Map<string, string>();
  private onChange: (state: LiveState) => void = () => {};

  constructor(private readonly options: HubConnectionOptions) {
    this.topics = siteTopics(options.siteId);
    this.device = options.device;
    this.state = {
      connection: 'connecting',
      access: null,
      site: null,
      nowServing: null,
      services: {},
      counters: {},
    };
    this.readers.set(this.topics.publicSite, (payload) => this.onSite(readSite(payload)));
    if (options.watch.nowServing) {
      this.readers.set(this.topics.nowServing, (payload) => this.update({ nowServing: readNowServing(payload) }));
    }
    for (const counterId of options.watch.counters) this.watchCounter(counterId);
    if (options.watch.services !== 'site') for (const serviceId of options.watch.services) this.watchService(serviceId);
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
          this.newestUpdate.clear();
          // From `readers` every time: they may have changed while offline.
          socket.subscribe([...this.readers.keys()]);
          // A refusal of anonymous readers is over once connected; a refused device stays noted (it still cannot report).
          this.update({ connection: 'online', access: this.state.access === 'anonymous-refused' ? null : this.state.access });
          this.publishStatus();
        },
        onClose: () => this.update({ connection: this.everConnected ? 'reconnecting' : 'connecting' }),
        onRefused: () => this.onRefused(),
        onMessage: (topic, payload) => this.onMessage(topic, payload),
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

  private onMessage(topic: string, payload: Uint8Array): void {
    const reader = this.readers.get(topic);
    if (!reader) return;
    let parsed: unknown = null;
    if (payload.length > 0) {
      try {
        parsed = JSON.parse(new TextDecoder().decode(payload));
      } catch {
        console.warn(`Ignoring a message on ${topic} that is not JSON`);
        return;
      }
    }
    // The retained copy sent on subscribing can arrive after a newer live message on the same topic.
    const updatedAt = (parsed as { updatedAt?: unknown } | null)?.updatedAt;
    if (typeof updatedAt === 'string') {
      const newest = this.newestUpdate.get(topic);
      if (newest !== undefined && updatedAt < newest) return;
      this.newestUpdate.set(topic, updatedAt);
    }
    reader(parsed);
  }

  private onSite(site: PublicSite | null): void {
    this.update({ site });
    if (site && this.options.watch.services === 'site') this.followSiteServices(site.services.map((s) => s.serviceId));
  }

  private followSiteServices(serviceIds: string[]): void {
    const stale = [...this.watchedServices].filter((id) => !serviceIds.includes(id));
    if (stale.length > 0) {
      const topics = stale.map((id) => this.topics.service(id));
      for (const topic of topics) this.readers.delete(topic);
      for (const id of stale) this.watchedServices.delete(id);
      this.socket?.unsubscribe(topics);
      const services = { ...this.state.services };
      for (const id of stale) delete services[id];
      this.update({ services });
    }
    const added = serviceIds.filter((id) => !this.watchedServices.has(id));
    for (const serviceId of added) this.watchService(serviceId);
    this.socket?.subscribe(added.map((id) => this.topics.service(id)));
  }

  private watchService(serviceId: string): void {
    this.watchedServices.add(serviceId);
    this.readers.set(this.topics.service(serviceId), (payload) => {
      const services = { ...this.state.services };
      const service = readServiceState(payload);
      if (service) services[serviceId] = service;
      else delete services[serviceId];
      this.update({ services });
    });
  }

  private watchCounter(counterId: string): void {
    this.readers.set(this.topics.counter(counterId), (payload) => {
      const counters = { ...this.state.counters };
      const counter = readCounterState(payload);
      if (counter) counters[counterId] = counter;
      else delete counters[counterId];
      this.update({ counters });
    });
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
