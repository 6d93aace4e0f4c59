/**
 * `npm run build`: builds every web app with Vite (Preact preset) for the hub
 * to serve, and the contact-center console's for the console. Also called
 * once before the browser tests.
 */
import { join } from 'node:path';
import preact from '@preact/preset-vite';
import { build } from 'vite';
import { CONSOLE_WEB_APP, REPO_ROOT, WEB_APPS, WEB_DIST } from './web-apps.ts';

export async function buildWebApps(options: { quiet?: boolean } = {}): Promise<void> {
  for (const app of [...WEB_APPS, CONSOLE_WEB_APP]) {
    await build({
      configFile: false,
      // Production even when called from the test runner, so tests load what a site serves (no devtools).
      mode: 'production',
      root: join(REPO_ROOT, app.source),
      base: app.base ?? `/${app.name}/`,
      logLevel: options.quiet ? 'warn' : 'info',
      plugins: [preact()],
      build: { outDir: join(WEB_DIST, app.name), emptyOutDir: true, target: 'es2022' },
    });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await buildWebApps();
