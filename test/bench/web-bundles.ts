/**
 * What each browser app costs to download (gzip, as `npm run build` builds it
 * for the hub to serve), against its goal, with mqtt.js's browser build, the
 * MQTT client the display and kiosk used to carry, measured alongside.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildWebApps } from '../../hub/http/build-web-apps.ts';
import { REPO_ROOT, WEB_DIST } from '../../hub/http/web-apps.ts';
import { fmt } from './engine-bench.ts';

const gzipKB = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).length / 1024;

/** Goal per app in kB of gzip JavaScript. */
export const BUNDLE_GOALS_KB = { display: 60, kiosk: 80, wait: 60 } as const;

export async function benchWebBundles(apps: ReadonlyArray<keyof typeof BUNDLE_GOALS_KB> = ['display', 'kiosk', 'wait']): Promise<string[]> {
  await buildWebApps({ quiet: true });
  const mqttJs = gzipKB(await readFile(join(REPO_ROOT, 'node_modules/mqtt/dist/mqtt.esm.js')));
  const lines: string[] = [];
  for (const app of apps) {
    const assets = join(WEB_DIST, app, 'assets');
    let js = 0;
    let raw = 0;
    let css = 0;
    for (const name of await readdir(assets)) {
      const bytes = await readFile(join(assets, name));
      if (name.endsWith('.js')) {
        js += gzipKB(bytes);
        raw += bytes.length / 1024;
      } else if (name.endsWith('.css')) css += gzipKB(bytes);
    }
    const goal = BUNDLE_GOALS_KB[app];
    lines.push(
      `${app} JS: ${fmt(js)} kB gzip (${fmt(raw)} kB minified; CSS ${fmt(css)} kB gzip); goal <= ${goal} kB: ${js <= goal ? 'met' : 'NOT met'}; ${fmt(js / mqttJs)}x the size of mqtt.js's browser build alone`,
    );
  }
  lines.push(`  baseline: mqtt.js's browser build alone is ${fmt(mqttJs)} kB gzip`);
  return lines;
}
