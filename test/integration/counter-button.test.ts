/**
 * A counter button as provisioned: an MQTT client with exactly the generated
 * ESPHome config's broker, credentials and "call next" request calls the next
 * person, and the lobby's public state changes. Wrong credentials are refused.
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MqttClient } from 'mqtt';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteTopics } from '../../hub/contract/topics.ts';
import { counterDeviceSchema, esphomeSecretsSchema, type CounterDeviceConfig } from '../../firmware-config/provision/esphome-schema.ts';
import { parseEsphome } from '../../firmware-config/provision/esphome-yaml.ts';
import { provision } from '../../firmware-config/provision/provision.ts';
import { startTestHub, type TestHub } from '../helpers/hub.ts';
import { connectClient, nextMessage, publishAsync, subscribeGranted, tryConnect } from '../helpers/mqtt.ts';
import { freePort } from '../helpers/ports.ts';

const EXAMPLE_SITE = new URL('../../firmware-config/site.example.yaml', import.meta.url).pathname;

describe('a provisioned counter button', () => {
  let dir: string;
  let hub: TestHub;
  let button: CounterDeviceConfig;
  let buttonPassword: string;
  let kioskPassword: string;
  const clients: MqttClient[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lobbyline-button-'));
    await copyFile(EXAMPLE_SITE, join(dir, 'site.yaml'));
    const mqttPort = await freePort();
    const result = await provision({
      sitePath: join(dir, 'site.yaml'),
      secretsPath: join(dir, 'secrets.yaml'),
      outDir: join(dir, 'out'),
      hub: { host: '127.0.0.1', mqttPort, httpPort: 8080 },
      env: {},
    });
    hub = await startTestHub({ site: result.site, mqttPort });
    button = counterDeviceSchema.parse(parseEsphome(await readFile(join(dir, 'out', 'button-c1', 'button-c1.yaml'), 'utf8')));
    buttonPassword = esphomeSecretsSchema.parse(parse(await readFile(join(dir, 'out', 'button-c1', 'secrets.yaml'), 'utf8'))).mqtt_password;
    kioskPassword = (parse(await readFile(join(dir, 'secrets.yaml'), 'utf8')) as { devices: Record<string, string> }).devices['kiosk-1']!;
  });
  afterAll(async () => {
    for (const client of clients) client.end(true);
    await hub?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const brokerUrl = () => `mqtt://${button.mqtt.broker}:${button.mqtt.port}`;

  it('calls the next person with exactly its generated topic, payload and credentials', async () => {
    const topics = siteTopics('north-clinic');
    const kiosk = await connectClient(brokerUrl(), { username: 'kiosk-1', password: kioskPassword, clientId: 'kiosk-1' });
    const device = await connectClient(brokerUrl(), { username: button.mqtt.username, password: buttonPassword, clientId: button.mqtt.client_id });
    const lobby = await connectClient(brokerUrl());
    clients.push(kiosk, device, lobby);

    await subscribeGranted(kiosk, topics.reply('kiosk-1'));
    const enrolled = nextMessage(kiosk, topics.reply('kiosk-1'), (reply) => reply.id === 'enroll-1');
    await publishAsync(kiosk, topics.command('enroll'), JSON.stringify({ id: 'enroll-1', serviceId: 'lab', channel: 'kiosk' }));
    const ticket = (await enrolled).payload.result.ticket as string;

    // The counter opens from the desk or REST in real life; here the button's own device may do it.
    await subscribeGranted(device, topics.reply(button.mqtt.client_id));
    const opened = nextMessage(device, topics.reply(button.mqtt.client_id), (reply) => reply.id === 'open-c1');
    await publishAsync(device, topics.command('set-counter-status'), JSON.stringify({ id: 'open-c1', counterId: 'c1', status: 'open' }));
    expect((await opened).payload.ok).toBe(true);

    expect(await subscribeGranted(lobby, [topics.nowServing, topics.counter('c1')])).toEqual([1, 1]);
    const nowServing = nextMessage(lobby, topics.nowServing, (state) => JSON.stringify(state).includes(ticket));
    const atCounter = nextMessage(lobby, topics.counter('c1'), (state) => state.ticket === ticket);

    const press = button.binary_sensor.find((b) => b.id === 'call_next_button')!.on_press[0]!;
    if (!('mqtt.publish' in press)) throw new Error('call next does not publish');
    const { topic, payload, qos } = press['mqtt.publish'];
    if (typeof payload !== 'string') throw new Error('call next payload is not fixed');
    await publishAsync(device, topic, payload, { qos });

    expect((await atCounter).payload).toMatchObject({ counterId: 'c1', status: 'open', ticket });
    expect(JSON.stringify((await nowServing).payload)).toContain(ticket);
  });

  it('is refused with a wrong password', async () => {
    const outcome = await tryConnect(brokerUrl(), { username: button.mqtt.username, password: `${buttonPassword}x`, clientId: button.mqtt.client_id });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.returnCode).toBe(4);
  });
});
