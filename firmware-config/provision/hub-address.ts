/** Where devices reach the hub: its name on the clinic network and its ports. */
export interface HubAddress {
  host: string;
  mqttPort: number;
  httpPort: number;
}

export function mqttUrl(hub: HubAddress): string {
  return `mqtt://${hub.host}:${hub.mqttPort}`;
}

export function httpUrl(hub: HubAddress): string {
  return `http://${hub.host}:${hub.httpPort}`;
}
