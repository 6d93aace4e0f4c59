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
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Where the built programs go. */
export const NODE_DIST = join(ROOT, 'dist/node');

/**
 * What is built: the programs that run on the site's machines under systemd (and `npm start`), source
 * entry point → bundle in dist/node. The one-off commands (provision, hash-secret, simulate, bench) stay on tsx.
 */
export const NODE_PROGRAMS = [
  { name: 'hub', source: 'hub/main.ts', out: 'hub/main.js' },
  { name: 'kiosk agent', source: 'kiosk/agent/main.ts', out: 'kiosk/agent/main.js' },
  { name: 'contact-center console', source: 'contact-center/main.ts', out: 'contact-center/main.js' },
] as const;

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

/** Builds every Node program into `outDir` (dist/node unless told). */
export async function buildNodePrograms(outDir = NODE_DIST): Promise<void> {
  await Promise.all(
    NODE_PROGRAMS.map(async (program) => {
      const outfile = join(outDir, program.out);
      await build({
        entryPoints: [join(ROOT, program.source)],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        // Pure-JavaScript packages go into the bundle (resolving and loading hundreds of their files was most
        // of the start); native ones (and what loads them) must load from node_modules.
        external: EXTERNAL,
        // Bundled CommonJS packages call require() for Node's own modules.
        banner: { js: "import { createRequire as __lobbylineCreateRequire } from 'node:module'; const require = __lobbylineCreateRequire(import.meta.url);" },
        // Lets a program tell it runs built (the hub starts the built demo kiosk agent then).
        define: { LOBBYLINE_BUILT: 'true' },
        // Less to read and parse at every start; names stay, and the source map gives file and line.
        minifyWhitespace: true,
        minifySyntax: true,
        // Not loaded by default (reading it costs about 0.1 s of every start): NODE_OPTIONS=--enable-source-maps maps stack traces to the .ts files.
        sourcemap: 'linked',
        logLevel: 'warning',
        plugins: [sourceUrls(outfile)],
      });
    }),
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildNodePrograms();
