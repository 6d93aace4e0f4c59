/**
 * `npm run build` (with the web apps): bundles the Node programs into plain
 * JavaScript under dist/node, so that the hub and the kiosk agent start
 * without compiling TypeScript on the fly (tsx stays for development and tests).
 *
 * One file per program with only our own code in it: every package stays
 * external and is loaded from node_modules as before (sqlite3, serialport and
 * node-hid are native). A module that finds a file beside its own source
 * (`new URL('./x.json', import.meta.url)`) finds it at the same place from the
 * bundle: `import.meta.url` in each module is rewritten to the module's source
 * file, relative to the bundle, so dist/node moves with the checkout.
 *
 * Each program is its bundle (main.cjs, CommonJS so that V8 can compile it
 * from a code cache) started by a small loader at the program's command line
 * (main.js, hub/code-cache/load.ts); the hub's code cache is made here too, by
 * starting the built hub once (hub/code-cache/make.ts).
 */
import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { makeHubCodeCache } from './code-cache/make.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Where the built programs go. */
export const NODE_DIST = join(ROOT, 'dist/node');

/**
 * What is built: the programs that run on the site's machines under systemd, the contact center's console (all three in `npm start`), source
 * entry point → bundle in dist/node. The one-off commands (provision, hash-secret, simulate, bench) stay on tsx.
 */
export const NODE_PROGRAMS = [
  { name: 'hub', source: 'hub/main.ts', out: 'hub/main.js', codeCache: makeHubCodeCache },
  { name: 'kiosk agent', source: 'kiosk/agent/main.ts', out: 'kiosk/agent/main.js', codeCache: null },
  { name: 'contact-center console', source: 'contact-center/main.ts', out: 'contact-center/main.js', codeCache: null },
] as const;

/** Where a program's bundle and its code cache go, beside its command line's main.js (hub/code-cache/load.ts finds them there). */
export function programFiles(outDir: string, program: (typeof NODE_PROGRAMS)[number]): { entry: string; bundle: string; codeCache: string } {
  const entry = join(outDir, program.out);
  return { entry, bundle: join(dirname(entry), 'main.cjs'), codeCache: join(dirname(entry), 'main.code-cache') };
}

/** Packages with native code, which stay in node_modules. */
export const EXTERNAL = ['sqlite3', 'serialport', '@serialport/*', 'node-hid', 'esbuild', 'vite', '@preact/preset-vite'];

/** Each module's `import.meta.url` becomes its source file's URL, found from the bundle's own. */
function sourceUrls(outFile: string): Plugin {
  return {
    name: 'source-import-meta-url',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, async (args) => {
        const contents = await readFile(args.path, 'utf8');
        if (!contents.includes('import.meta.url') || args.path.includes('/node_modules/')) return { contents, loader: 'ts' };
        const fromBundle = relative(dirname(outFile), args.path).split('\\').join('/');
        return { contents: contents.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: 'ts' };
      });
    },
  };
}

/** Builds every Node program into `outDir` (dist/node unless told), with the hub's code cache unless `codeCache` is false. */
export async function buildNodePrograms(outDir = NODE_DIST, { codeCache = true } = {}): Promise<void> {
  await Promise.all(
    NODE_PROGRAMS.map(async (program) => {
      const files = programFiles(outDir, program);
      // A cache belongs to one build of its bundle: the old one goes first, whatever happens next.
      await rm(files.codeCache, { force: true });
      await build({
        entryPoints: [join(ROOT, program.source)],
        outfile: files.bundle,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        // Pure-JavaScript packages go into the bundle (resolving and loading hundreds of their files was most
        // of the start); native ones (and what loads them) must load from node_modules.
        external: EXTERNAL,
        // import() of a package left out (serialport, node-hid: loaded only when a device needs them) becomes require(),
        // as every other import in the bundle: a script compiled by hub/code-cache/load.ts has no import() of its own.
        supported: { 'dynamic-import': false },
        // The build id first (the loader uses only a cache made for this build), then the bundle's own URL for the modules' import.meta.url.
        banner: { js: `/* build ${randomBytes(8).toString('hex')} */\nconst __lobbylineBundleUrl = require('node:url').pathToFileURL(__filename).href;` },
        define: {
          'import.meta.url': '__lobbylineBundleUrl',
          // Lets a program tell it runs built (the hub starts the built demo kiosk agent then).
          LOBBYLINE_BUILT: 'true',
        },
        // Less to read and parse at every start; names stay, and the source map gives file and line.
        minifyWhitespace: true,
        minifySyntax: true,
        // The packages' licence comments go to main.cjs.LEGAL.txt: one of them is not ASCII, and one such character makes the whole bundle a two-byte string to read and compile.
        legalComments: 'external',
        // Not loaded by default (reading it costs about 0.1 s of every start): NODE_OPTIONS=--enable-source-maps maps stack traces to the .ts files.
        sourcemap: 'linked',
        logLevel: 'warning',
        plugins: [sourceUrls(files.bundle)],
      });
      await build({ entryPoints: [join(ROOT, 'hub/code-cache/load.ts')], outfile: files.entry, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
      if (!codeCache || !program.codeCache) return;
      // Without its cache a program still starts, only slower: a machine where it cannot run at build time still gets a build.
      await program.codeCache(files.entry, files.codeCache).catch(async (error: Error) => {
        await rm(files.codeCache, { force: true });
        console.warn(`No code cache for the ${program.name} (it compiles from source at every start): ${error.message}`);
      });
    }),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildNodePrograms();
