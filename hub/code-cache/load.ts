/**
 * What a built program's command line runs (dist/node/<program>/main.js): its bundle, main.cjs beside this
 * file, compiled with V8's code cache, main.code-cache, when the build made one (hub/code-cache/make.ts).
 * Compiling the bundle from source and then each function it runs while starting was about a quarter of
 * the hub's start; the cache holds them ready-compiled. V8 rejects a cache made by another Node version or
 * under other flags, and the bundle is then compiled from source as without one. Nothing is ever written
 * here at run time (the install may be read-only), except by the build, with LOBBYLINE_WRITE_CODE_CACHE.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

/** The bundle's build id: its first line, which the cache file repeats first, so a cache is never used with another build of the same length (V8 checks only the length). */
const BUILD_ID = /^\/\* build [0-9a-f]+ \*\/\n/;

const bundleFile = fileURLToPath(new URL('./main.cjs', import.meta.url));
const codeCacheFile = fileURLToPath(new URL('./main.code-cache', import.meta.url));
const require = createRequire(bundleFile);

if (process.sourceMapsEnabled) {
  // --enable-source-maps: Node maps stack traces to the .ts files only for a module it loads itself.
  require(bundleFile);
} else {
  runWithCodeCache();
}

function runWithCodeCache(): void {
  // The bundle is ASCII (hub/build-node.ts), read the cheapest way.
  const source = readFileSync(bundleFile, 'latin1');
  const buildId = Buffer.from(BUILD_ID.exec(source)?.[0] ?? '', 'latin1');
  const cachedData = buildId.length > 0 ? cacheOf(buildId) : undefined;
  const script = new Script(Module.wrap(source), { filename: bundleFile, ...(cachedData && { cachedData }) });
  if (process.env.LOBBYLINE_WRITE_CODE_CACHE === '1') {
    // At exit, so the cache holds every function the program compiled while it started and served.
    process.once('exit', () => writeFileSync(codeCacheFile, Buffer.concat([buildId, script.createCachedData()])));
  }
  const bundle = new Module(bundleFile);
  bundle.filename = bundleFile;
  script.runInThisContext().call(bundle.exports, bundle.exports, require, bundle, bundleFile, dirname(bundleFile));
}

/** The cache made for this very build, if there is one. */
function cacheOf(buildId: Buffer): Buffer | undefined {
  try {
    const cache = readFileSync(codeCacheFile);
    return cache.subarray(0, buildId.length).equals(buildId) ? cache.subarray(buildId.length) : undefined;
  } catch {
    return undefined;
  }
}
