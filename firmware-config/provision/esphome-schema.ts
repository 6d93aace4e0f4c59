/**
 * A schema for the parts of ESPHome a counter device uses (esphome, esp32 or
 * esp8266, wifi, ota, logger, globals, mqtt, binary_sensor gpio, spi and the
 * max7219 / tm1637 displays), after ESPHome's documented options. It refuses
 * unknown keys, so a typo or an option ESPHome does not have fails here
 * rather than on the workbench.
 */
import * as z from 'zod';
import { Lambda, SecretRef } from './esphome-yaml.ts';

const secret = z.instanceof(SecretRef);
const lambda = z.instanceof(Lambda);
const pin = z.string().regex(/^(GPIO\d{1,2}|D\d)$/, 'must be a GPIO pin such as GPIO25 or D1');
const duration = z.string().regex(/^\d+(ms|s|min)$/);
const topic = z.string().min(1).refine((t) => !/[+#]/.test(t), 'must be a topic without wildcards');
const statusMessage = z.strictObject({ topic, payload: z.string(), qos: z.union([z.literal(0), z.literal(1)]), retain: z.boolean() });
const mqttPublish = z.strictObject({ 'mqtt.publish': z.strictObject({ topic, payload: z.union([z.string(), lambda]), qos: z.union([z.literal(0), z.literal(1)]) }) });
const action = z.union([
  mqttPublish,
  z.strictObject({ lambda }),
  z.strictObject({ if: z.strictObject({ condition: z.strictObject({ lambda }), then: z.array(mqttPublish).min(1) }) }),
]);

export const counterDeviceSchema = z
  .strictObject({
    esphome: z.strictObject({ name: z.string().regex(/^[a-z0-9-]{1,31}$/, 'ESPHome names are lower-case letters, digits and -'), friendly_name: z.string() }),
    esp32: z.strictObject({ board: z.string(), framework: z.strictObject({ type: z.enum(['arduino', 'esp-idf']) }) }).optional(),
    esp8266: z.strictObject({ board: z.string() }).optional(),
    logger: z.strictObject({ level: z.enum(['NONE', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'VERBOSE']) }),
    wifi: z.strictObject({ ssid: secret, password: secret }),
    ota: z.array(z.strictObject({ platform: z.literal('esphome'), password: secret })).min(1),
    globals: z.array(z.strictObject({ id: z.string(), type: z.string(), restore_value: z.boolean(), initial_value: z.string() })),
    mqtt: z.strictObject({
      broker: z.string().min(1),
      port: z.int().min(1).max(65535),
      /** MQTT over TLS: the CA the broker's certificate is checked against (ESP32 with ESP-IDF only). */
      certificate_authority: z.string().regex(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n?$/, 'must be a PEM certificate').optional(),
      username: z.string().min(1),
      password: secret,
      client_id: z.string().min(1),
      discovery: z.literal(false),
      log_topic: z.null(),
      birth_message: statusMessage,
      will_message: statusMessage,
      shutdown_message: statusMessage,
      on_json_message: z.array(z.strictObject({ topic, qos: z.union([z.literal(0), z.literal(1)]), then: z.array(action).min(1) })),
    }),
    binary_sensor: z.array(
      z.strictObject({
        platform: z.literal('gpio'),
        id: z.string(),
        name: z.string(),
        internal: z.literal(true),
        pin: z.strictObject({ number: pin, mode: z.strictObject({ input: z.literal(true), pullup: z.boolean() }), inverted: z.boolean() }),
        filters: z.array(z.strictObject({ delayed_on: duration })),
        on_press: z.array(action).min(1),
      }),
    ),
    spi: z.strictObject({ clk_pin: pin, mosi_pin: pin }).optional(),
    display: z
      .array(
        z.discriminatedUnion('platform', [
          z.strictObject({ platform: z.literal('max7219'), cs_pin: pin, num_chips: z.int().min(1).max(8), intensity: z.int().min(0).max(15), update_interval: duration, lambda }),
          z.strictObject({ platform: z.literal('tm1637'), clk_pin: pin, dio_pin: pin, intensity: z.int().min(0).max(7), update_interval: duration, lambda }),
        ]),
      )
      .optional(),
  })
  .refine((config) => !config.mqtt.certificate_authority || config.esp32?.framework.type === 'esp-idf', {
    path: ['mqtt', 'certificate_authority'],
    message: 'is only supported on ESP32 with the esp-idf framework',
  });

export type CounterDeviceConfig = z.infer<typeof counterDeviceSchema>;

export const esphomeSecretsSchema = z.strictObject({ mqtt_password: z.string().min(12), ota_password: z.string().min(12), wifi_ssid: z.string().min(1), wifi_password: z.string().min(1) });
