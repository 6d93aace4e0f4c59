/**
 * Device status: each device keeps a retained JSON status on its own
 * devices/{id}/status topic and sets the same topic as its Last Will with
 * `online: false`, so the hub hears when a kiosk or TV drops off the network.
 * The broker checks and normalises these payloads and keeps the latest one per
 * device for the hub's alerts.
 */
import * as z from 'zod';
import type { DeviceStatus } from '../contract/index.ts';

/** A status is a few flags and counters; anything bigger is a mistake. */
export const MAX_STATUS_BYTES = 4 * 1024;

const statusPayload = z.object({
  deviceId: z.string().optional(),
  online: z.boolean({ error: '"online" must be true or false' }),
  at: z.iso.datetime({ offset: true }).optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
});

export type StatusParse = { ok: true; status: DeviceStatus } | { ok: false; message: string };

/**
 * Checks a status payload for `deviceId`. The result always names the device
 * of the topic and carries a time: the device's own `at`, or `now` when it
 * has none or when `stampNow` is set (a will is sent when the device has
 * gone, long after it wrote the payload at connect time).
 */
export function parseDeviceStatus(deviceId: string, payload: Buffer | string, now: Date, stampNow = false): StatusParse {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
  if (bytes.length > MAX_STATUS_BYTES) return { ok: false, message: `A device status must be at most ${MAX_STATUS_BYTES} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { ok: false, message: 'A device status must be JSON such as {"online": true}' };
  }
  const parsed = statusPayload.safeParse(json);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'payload'}: ${issue.message}`).join('; ');
    return { ok: false, message: `Invalid device status: ${details}` };
  }
  const { deviceId: claimed, online, at, detail } = parsed.data;
  if (claimed !== undefined && claimed !== deviceId) {
    return { ok: false, message: `This status topic belongs to ${deviceId}, but the payload names ${claimed}` };
  }
  const status: DeviceStatus = { deviceId, online, at: stampNow || !at ? now.toISOString() : at };
  if (detail) status.detail = detail;
  return { ok: true, status };
}

export type DeviceStatusListener = (status: DeviceStatus) => void;

/** The latest status of every device that has published one since the hub started. */
export class DeviceStatusTracker {
  private readonly latest = new Map<string, DeviceStatus>();
  private readonly listeners = new Set<DeviceStatusListener>();

  constructor(private readonly onListenerError: (error: unknown) => void = () => {}) {}

  record(status: DeviceStatus): void {
    this.latest.set(status.deviceId, status);
    for (const listener of this.listeners) {
      try {
        listener(status);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /** A copy: callers may keep or change it. */
  snapshot(): Map<string, DeviceStatus> {
    return new Map(this.latest);
  }

  /** Returns a function that removes the listener. */
  subscribe(listener: DeviceStatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
