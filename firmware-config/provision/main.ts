/**
 * `npm run provision -- --site site.yaml --out ./provision [--secrets FILE] [--hub-host NAME] [--public-url URL]`
 *
 * Writes every device's files from the site file (see provision.ts), and the
 * site file to install on the hub: the one given with the device password
 * hashes and the public address for phones filled in. The site file given is
 * only read. Says which files hold secrets.
 */
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { publicUrlField, SiteConfigError } from '../../hub/site/config.ts';
import { provision } from './provision.ts';

const USAGE = `Usage: npm run provision -- --site FILE --out DIR [--secrets FILE] [--hub-host NAME] [--public-url URL] [--mqtt-port 1883] [--http-port 8080] [--tls-ca FILE]
  --site         your site file: only read; the one to install on the hub, with the device password hashes, is DIR/hub/<its name>
  --secrets      device passwords (YAML, mode 0600), created if missing; default ~/.lobbyline/<site file>.secrets.yaml
  --hub-host     the hub's name or address on the clinic network (default lobbyline-hub.local)
  --public-url   where phones reach the hub (e.g. http://192.168.1.20:8080 or https://wait.example.org): the poster, tickets,
                 kiosk screen and texts link there; written into the hub's site file as publicUrl
                 (default: the site file's publicUrl, else http://<hub-host>:<http-port>)
  --app-dir      where Lobbyline is installed on each machine (default /opt/lobbyline)
  --tls-ca       for a site file with tls: the site's own CA certificate (PEM); without it a site CA is made,
                 kept beside the secrets file, and a hub certificate for --hub-host is issued from it
Environment: LOBBYLINE_DEVICE_PASSWORD_<ID> overrides a device's password; LOBBYLINE_WIFI_SSID and LOBBYLINE_WIFI_PASSWORD for counter devices.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      site: { type: 'string' },
      out: { type: 'string' },
      secrets: { type: 'string' },
      'hub-host': { type: 'string', default: 'lobbyline-hub.local' },
      'public-url': { type: 'string' },
      'mqtt-port': { type: 'string', default: '1883' },
      'http-port': { type: 'string', default: '8080' },
      'app-dir': { type: 'string' },
      'tls-ca': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !values.site || !values.out) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const sitePath = resolve(values.site);
  const secretsPath = resolve(values.secrets ?? join(homedir(), '.lobbyline', `${basename(sitePath)}.secrets.yaml`));
  await mkdir(dirname(secretsPath), { recursive: true, mode: 0o700 });
  const result = await provision({
    sitePath,
    secretsPath,
    outDir: resolve(values.out),
    hub: { host: values['hub-host'], mqttPort: port(values['mqtt-port']), httpPort: port(values['http-port']) },
    install: { node: process.execPath, ...(values['app-dir'] && { appDir: values['app-dir'] }) },
    ...(values['tls-ca'] && { siteCaFile: resolve(values['tls-ca']) }),
    ...(values['public-url'] !== undefined && { publicUrl: publicUrl(values['public-url']) }),
  });
  console.log(`Provisioned ${result.site.name}: ${result.files.length} files in ${resolve(values.out)}`);
  if (result.createdPasswords.length) console.log(`New device passwords in ${secretsPath}: ${result.createdPasswords.join(', ')}`);
  console.log(`The site file to install on the hub: ${result.hubSitePath} (${sitePath} is unchanged)`);
  if (result.hashesWritten.length) console.log(`  with the password hashes of: ${result.hashesWritten.join(', ')} (hashes are safe to commit)`);
  console.log(`Phones join at ${result.publicUrl}/wait/ (the poster, tickets, kiosk screen and texts link there)`);
  console.log(`Files that hold secrets (mode 0600, keep them out of version control):\n  ${secretsPath}`);
  for (const file of result.files.filter((f) => f.secret)) console.log(`  ${file.path}`);
  for (const note of result.notes) console.log(`To do: ${note}`);
}

function publicUrl(value: string): string {
  const parsed = publicUrlField.safeParse(value);
  if (!parsed.success) throw new SiteConfigError(`--public-url ${parsed.error.issues[0]?.message ?? 'is not valid'}, not '${value}'`);
  return parsed.data.replace(/\/+$/, '');
}

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new SiteConfigError(`'${value}' is not a port number`);
  return n;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
