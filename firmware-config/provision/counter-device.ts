/**
 * ESPHome configuration for a counter device: two buttons ("call next",
 * "recall") that send the hub's commands as this counter, and optionally an
 * LED display of the ticket now at the counter. Every topic comes from
 * hub/contract/topics.ts; the device signs in with its own id and password.
 *
 * A button sends a request on command/{type} and the hub answers on
 * reply/{clientId}; the answer to "call next" names the entry now at the
 * counter, which is what "recall" needs. The LED display follows the
 * counter's retained public state, which has the ticket and nothing personal.
 */
import { siteTopics } from '../../hub/contract/topics.ts';
import type { DeviceConfig, SiteConfig } from '../../hub/site/config.ts';
import { boardPlatform, COUNTER_PINS, type CounterBoard } from '../../hardware/counter-boards.ts';
import { lambdaNode, secretNode, stringifyEsphome } from './esphome-yaml.ts';
import type { HubAddress } from './hub-address.ts';

export interface CounterDeviceFiles {
  /** The ESPHome configuration, `{deviceId}.yaml`. */
  config: string;
  /** ESPHome's secrets.yaml beside it: the device password and the Wi-Fi and OTA secrets. */
  secrets: string;
}

export interface CounterDeviceSecrets {
  mqttPassword: string;
  otaPassword: string;
  wifiSsid: string;
  wifiPassword: string;
}

/** The exact request a button sends: the hub's command topic and a JSON body with a correlation id. */
export function counterButtonRequests(siteId: string, device: Pick<DeviceConfig, 'id'> & { counterId: string }) {
  const topics = siteTopics(siteId);
  return {
    callNext: { topic: topics.command('call-next'), payload: JSON.stringify({ id: `${device.id}-call-next`, counterId: device.counterId }) },
    recallTopic: topics.command('recall'),
    replyTopic: topics.reply(device.id),
    counterTopic: topics.counter(device.counterId),
    statusTopic: topics.deviceStatus(device.id),
  };
}

/** `caPem`: the CA the hub's certificate is checked against, when the hub speaks TLS. */
export function counterDeviceFiles(site: SiteConfig, device: DeviceConfig, hub: HubAddress, secrets: CounterDeviceSecrets, caPem?: string): CounterDeviceFiles {
  if (device.role !== 'counter' || !device.counterId) throw new Error(`${device.id} is not a counter device`);
  const board: CounterBoard = device.board ?? 'esp32dev';
  const platform = boardPlatform(board);
  if (caPem && platform !== 'esp32') {
    // ESPHome checks a broker's certificate against a CA only on ESP32 with ESP-IDF; the ESP8266 can only pin one certificate, which a renewal breaks.
    throw new Error(`${device.id}: a ${board} board (ESP8266) cannot check the hub's TLS certificate; use an ESP32 board such as esp32dev`);
  }
  const pins = COUNTER_PINS[platform];
  const requests = counterButtonRequests(site.siteId, { id: device.id, counterId: device.counterId });
  const status = (online: boolean) => ({ topic: requests.statusTopic, payload: JSON.stringify({ deviceId: device.id, online }), qos: 1, retain: true });
  const button = (id: string, name: string, pin: string, onPress: unknown[]) => ({
    platform: 'gpio',
    id,
    name,
    // Internal: ESPHome would otherwise publish the button's state on topics the hub does not allow.
    internal: true,
    pin: { number: pin, mode: { input: true, pullup: true }, inverted: true },
    filters: [{ delayed_on: '20ms' }],
    on_press: onPress,
  });
  const ledDisplay = device.ledDisplay ?? 'none';
  const showTicket = lambdaNode('it.print(id(ticket).c_str());');

  const config: Record<string, unknown> = {
    esphome: { name: device.id, friendly_name: device.name ?? device.id },
    // ESPHome's MQTT over TLS needs the ESP-IDF framework.
    [platform]: { board, ...(platform === 'esp32' && { framework: { type: caPem ? 'esp-idf' : 'arduino' } }) },
    logger: { level: 'INFO' },
    wifi: { ssid: secretNode('wifi_ssid'), password: secretNode('wifi_password') },
    ota: [{ platform: 'esphome', password: secretNode('ota_password') }],
    globals: [
      { id: 'ticket', type: 'std::string', restore_value: false, initial_value: '""' },
      { id: 'current_entry', type: 'std::string', restore_value: false, initial_value: '""' },
    ],
    mqtt: {
      broker: hub.host,
      port: hub.mqttPort,
      ...(caPem && { certificate_authority: caPem }),
      username: device.id,
      password: secretNode('mqtt_password'),
      client_id: device.id,
      discovery: false,
      log_topic: null,
      birth_message: status(true),
      will_message: status(false),
      shutdown_message: status(false),
      on_json_message: [
        {
          topic: requests.counterTopic,
          qos: 1,
          then: [{ lambda: lambdaNode('id(ticket) = x["ticket"].isNull() ? std::string("") : x["ticket"].as<std::string>();') }],
        },
        {
          topic: requests.replyTopic,
          qos: 1,
          then: [{ lambda: lambdaNode('if (x["ok"] && x["result"]["currentEntryId"].is<const char*>()) {\n  id(current_entry) = x["result"]["currentEntryId"].as<std::string>();\n}') }],
        },
      ],
    },
    binary_sensor: [
      button('call_next_button', 'Call next', pins.callNext, [{ 'mqtt.publish': { topic: requests.callNext.topic, payload: requests.callNext.payload, qos: 1 } }]),
      button('recall_button', 'Recall', pins.recall, [
        {
          if: {
            condition: { lambda: lambdaNode('return !id(current_entry).empty();') },
            then: [
              {
                'mqtt.publish': {
                  topic: requests.recallTopic,
                  payload: lambdaNode(`return std::string("{\\"id\\":\\"${device.id}-recall\\",\\"entryId\\":\\"") + id(current_entry) + "\\"}";`),
                  qos: 1,
                },
              },
            ],
          },
        },
      ]),
    ],
  };
  if (ledDisplay === 'max7219') {
    config.spi = { clk_pin: pins.clk, mosi_pin: pins.data };
    config.display = [{ platform: 'max7219', cs_pin: pins.cs, num_chips: 1, intensity: 8, update_interval: '500ms', lambda: showTicket }];
  } else if (ledDisplay === 'tm1637') {
    config.display = [{ platform: 'tm1637', clk_pin: pins.clk, dio_pin: pins.data, intensity: 7, update_interval: '500ms', lambda: showTicket }];
  }

  const header = ` Lobbyline counter device ${device.id} for counter ${device.counterId} of ${site.name}.\n Generated by npm run provision; build with: esphome run ${device.id}.yaml`;
  const secretsFile = stringifyEsphome(
    { mqtt_password: secrets.mqttPassword, ota_password: secrets.otaPassword, wifi_ssid: secrets.wifiSsid, wifi_password: secrets.wifiPassword },
    ` Secrets of ${device.id}: keep this file out of version control (mode 0600).`,
  );
  return { config: stringifyEsphome(config, header), secrets: secretsFile };
}
