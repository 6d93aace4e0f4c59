/** Builds the web apps once before the suite, so browser tests run what the hub serves. */
import { buildWebApps } from '../hub/http/build-web-apps.ts';

export default async function setup(): Promise<void> {
  await buildWebApps({ quiet: true });
}
