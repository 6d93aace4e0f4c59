/** Builds the web apps and the Node programs once before the suite, so tests run what the hub serves and what the units start. */
import { buildWebApps } from '../hub/http/build-web-apps.ts';
import { buildNodePrograms } from '../hub/build-node.ts';

export default async function setup(): Promise<void> {
  await Promise.all([buildWebApps({ quiet: true }), buildNodePrograms()]);
}
