/**
 * The kiosk check-in app: how much JavaScript a kiosk downloads after a reboot
 * (gzip, goal <= 80 kB), as `npm run build` builds it for the hub to serve,
 * next to the share of it that is mqtt.js's browser build alone.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWebApps } from '../../hub/http/build-web-apps.ts';
import { REPO_ROOT, WEB_DIST } from '../../hub/http/web-apps.ts';
import { fmt } from './engine-bench.ts';

const BUNDLE_GOAL_KB = 80;

const gzipKB = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).length / 1024;

export async function benchKioskApp(): Promise<string[]> {
  await buildWebApps({ quiet: true });
  const assets = join(WEB_DIST, 'kiosk', 'assets');
  const files = await readdir(assets);
  let js = 0;
  let raw = 0;
  let css = 0;
  for (const name of files) {
    const bytes = await readFile(join(assets, name));
    if (name.endsWith('.js')) {
      js += gzipKB(bytes);
      raw += bytes.length / 1024;
    } else if (name.endsWith('.css')) css += gzipKB(bytes);
  }
  const mqttAlone = gzipKB(await readFile(join(REPO_ROOT, 'node_modules/mqtt/dist/mqtt.esm.js')));
  return [
    `kiosk JS: ${fmt(js)} kB gzip (${fmt(raw)} kB minified); goal <= ${BUNDLE_GOAL_KB} kB: ${js <= BUNDLE_GOAL_KB ? 'met' : 'NOT met'}`,
    `  of which mqtt.js's browser build alone is ${fmt(mqttAlone)} kB gzip; CSS ${fmt(css)} kB gzip`,
  ];
}
