/** The part of u8-mqtt's MQTT 3.1.1 browser client that mqtt-socket.ts uses; the package ships no types. */
declare module 'u8-mqtt/esm/web/basic-v4.js' {
  export interface U8PublishPacket {
    topic: string;
    payload: Uint8Array;
    qos: number;
    pkt_id?: number;
  }

  /** SUBACK return codes; 0x80 and above is a refused filter. */
  export interface U8Suback {
    answers: number[];
  }

  export interface U8ConnectPacket {
    client_id: string;
    keep_alive: number;
    flags: { clean_start: boolean };
    username?: string;
    password?: string;
    will?: { topic: string; payload: string; qos: 0 | 1; retain: boolean };
  }

  export interface U8ClientOptions {
    /** Seconds between u8-mqtt's own pings; 0 leaves pinging to the caller. */
    keep_alive: number;
    on_mqtt_type: { mqtt_publish(packet: U8PublishPacket): void };
    log_conn(): void;
  }

  /** Futures answer as [packet] once acknowledged, or [undefined, 'expired']. */
  type U8Answer<T> = Promise<[T | undefined, unknown?]>;

  export interface U8MqttClient {
    with_websock(socket: WebSocket): U8MqttClient;
    /** Rejects with an error whose `reason` is the CONNACK return code when the broker refuses. */
    connect(packet: U8ConnectPacket): Promise<unknown>;
    subscribe(topics: string[], options: { qos: 0 | 1 }): U8Answer<U8Suback>;
    unsubscribe(topics: string[]): U8Answer<unknown>;
    pub(packet: { topic: string; payload: string; qos: 0 | 1; retain: boolean }): U8Answer<unknown>;
    puback(packet: { pkt_id?: number }): Promise<unknown>;
    ping(): U8Answer<unknown>;
  }

  export default function mqtt_v4(options: U8ClientOptions): U8MqttClient;
}
