/**
 * The other programs the demo runs beside the hub, as child processes: the
 * built one beside the built hub (dist/node/…), its source under tsx otherwise.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Set to true by the build (hub/build-node.ts); undeclared under tsx. */
declare const LOBBYLINE_BUILT: boolean | undefined;

/**
 * Node's arguments for one program: `built` is its bundle's path under dist/node
 * (as in hub/build-node.ts), `source` its entry point's URL.
 */
export function programCommand(built: string, source: URL): string[] {
  // The built hub is dist/node/hub/main.js: the other bundles are found from it.
  if (typeof LOBBYLINE_BUILT !== 'undefined' && LOBBYLINE_BUILT) return [resolve(dirname(process.argv[1]!), '..', built)];
  return ['--import', 'tsx', fileURLToPath(source)];
}
