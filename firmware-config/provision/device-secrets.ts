/**
 * Device passwords live in a secrets file outside the repository (YAML,
 * mode 0600): `devices: { kiosk-1: "…" }`. Provisioning makes a random one for
 * each device that has none; LOBBYLINE_DEVICE_PASSWORD_<ID> (id in capitals,
 * other characters as _) overrides the file.
 */
import { randomBytes } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import * as z from 'zod';

const secretsFileSchema = z.strictObject({
  devices: z.record(z.string(), z.string().min(12, 'must be at least 12 characters')).default({}),
  esphome: z.strictObject({ wifiSsid: z.string().min(1), wifiPassword: z.string().min(8) }).partial().default({}),
  /** ESPHome over-the-air update passwords, one per counter device. */
  ota: z.record(z.string(), z.string().min(12)).default({}),
});
export type DeviceSecrets = z.infer<typeof secretsFileSchema>;

export class SecretsFileError extends Error {}

export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}

export function passwordEnvName(deviceId: string): string {
  return `LOBBYLINE_DEVICE_PASSWORD_${deviceId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

export interface LoadedSecrets {
  secrets: DeviceSecrets;
  /** Devices that got a new random password. */
  created: string[];
  /** The password each device uses: from the environment if set, else from the file. */
  passwordOf: (deviceId: string) => string;
}

/** Reads the secrets file (or starts one), adds passwords for devices without one and writes it back, 0600. */
export async function loadDeviceSecrets(
  path: string,
  devices: readonly { id: string; role: string }[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<LoadedSecrets> {
  let raw: unknown = {};
  try {
    raw = parse(await readFile(path, 'utf8')) ?? {};
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new SecretsFileError(`Cannot read the secrets file ${path}: ${(error as Error).message}`);
  }
  const parsed = secretsFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new SecretsFileError(`The secrets file ${path} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const secrets = parsed.data;
  const created: string[] = [];
  for (const { id, role } of devices) {
    if (role === 'counter') secrets.ota[id] ??= randomPassword();
    if (secrets.devices[id] || env[passwordEnvName(id)]) continue;
    secrets.devices[id] = randomPassword();
    created.push(id);
  }
  await writeFile(path, `# Lobbyline device passwords. Keep out of version control.\n${stringify(secrets)}`, { mode: 0o600 });
  await chmod(path, 0o600);
  return {
    secrets,
    created,
    passwordOf: (deviceId) => {
      const password = env[passwordEnvName(deviceId)] ?? secrets.devices[deviceId];
      if (!password) throw new SecretsFileError(`No password for ${deviceId}`);
      return password;
    },
  };
}
