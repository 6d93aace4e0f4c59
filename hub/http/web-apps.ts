/**
 * The browser apps the hub serves, each built by Vite from its own folder into
 * dist/web/{name} and served at /{name}/. One list, used by the build and the server.
 * The contact-center console's app is built beside them but served by the
 * console service at its own root, never by a hub.
 */
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface WebApp {
  /** URL path segment and output folder. */
  name: string;
  /** Folder holding the app's index.html, from the repository root. */
  source: string;
  /** Where it is served from, when not /{name}/. */
  base?: string;
}

export const WEB_APPS: WebApp[] = [
  { name: 'display', source: 'display' },
  { name: 'desk', source: 'hub/web/desk' },
  { name: 'kiosk', source: 'kiosk/app' },
  { name: 'wait', source: 'hub/web/wait' },
];

/** Served by contact-center/http.ts at / of the console. */
export const CONSOLE_WEB_APP: WebApp = { name: 'console', source: 'contact-center/web', base: '/' };

export const WEB_DIST = `${ROOT}dist/web`;
export const REPO_ROOT = ROOT;
