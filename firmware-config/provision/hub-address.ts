/** Where devices reach the hub: its name on the clinic network, its ports, and whether they speak TLS (the site file's `tls`). */
export interface HubAddress {
  host: string;
  mqttPort: number;
  httpPort: number;
  tls?: boolean;
}

export function mqttUrl(hub: HubAddress): string {
  return `${hub.tls ? 'mqtts' : 'mqtt'}://${hub.host}:${hub.mqttPort}`;
}

export function httpUrl(hub: HubAddress): string {
  return `${hub.tls ? 'https' : 'http'}://${hub.host}:${hub.httpPort}`;
}
