/**
 * The architecture of DESIGN.md ("The parts"), checked on the imports of every
 * source file: browser apps import only the contract, the shared browser
 * library and themselves; the contract imports nothing of the hub; hardware
 * catalogs know nothing of the parts that use them; provisioning is a command,
 * not a library; and no two module folders import each other, however indirectly.
 * Imports are read by TypeScript's own pre-processor (imports, re-exports,
 * import(), /// <reference path>), relative ones resolved to files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SOURCE_FOLDERS = ['hub', 'kiosk', 'display', 'web-lib', 'hardware', 'firmware-config', 'contact-center', 'test'];
const SOURCE_FILE = /\.tsx?$/;

/** One import of one file: another file of the repository (path from the root), an npm package or a Node built-in. */
interface Import {
  from: string;
  specifier: string;
  target: { kind: 'file'; path: string } | { kind: 'package' } | { kind: 'builtin' } | { kind: 'missing' };
}

function sourceFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .map((name) => join(folder, name).split('\\').join('/'))
    .filter((path) => SOURCE_FILE.test(path) && !path.startsWith('test/artifacts/'));
}

function importsOf(file: string): Import[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  return [...info.importedFiles, ...info.referencedFiles].map(({ fileName: specifier }) => ({ from: file, specifier, target: resolveImport(file, specifier) }));
}

function resolveImport(from: string, specifier: string): Import['target'] {
  if (!specifier.startsWith('.')) return isBuiltin(specifier) ? { kind: 'builtin' } : { kind: 'package' };
  const base = resolve(ROOT, dirname(from), specifier);
  const found = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')].find((path) => existsSync(path) && statSync(path).isFile());
  return found ? { kind: 'file', path: relative(ROOT, found).split('\\').join('/') } : { kind: 'missing' };
}

const within = (path: string, folder: string) => path.startsWith(`${folder}/`);

/** The browser app (or web-lib) a file belongs to, or null for code that is not browser code. */
function browserPartOf(file: string): string | null {
  const part = ['display', 'kiosk/app', 'web-lib', 'contact-center/web'].find((folder) => within(file, folder));
  return part ?? /^hub\/web\/[^/]+/.exec(file)?.[0] ?? null;
}

/** The module folder of a file, for the cycle check: hub/<x> (hub/web/<app> for the web apps; a file directly in hub/ is its own), else the part. */
function moduleOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'hub') return parts.length === 2 ? file : parts.slice(0, parts[1] === 'web' ? 3 : 2).join('/');
  if (parts[0] === 'kiosk' || parts[0] === 'firmware-config') return parts.slice(0, 2).join('/');
  return parts[0]!;
}

const describeImport = (i: Import) => `${i.from} imports '${i.specifier}'${i.target.kind === 'file' ? ` (${i.target.path})` : ` (${i.target.kind})`}`;

const files = SOURCE_FOLDERS.flatMap(sourceFiles);
const imports = files.flatMap(importsOf);
const fileImports = imports.filter((i): i is Import & { target: { kind: 'file'; path: string } } => i.target.kind === 'file');

describe('architecture', () => {
  it('reads the imports of every part', () => {
    for (const folder of SOURCE_FOLDERS) expect(files.some((file) => within(file, folder)), folder).toBe(true);
    expect(imports.filter((i) => i.target.kind === 'missing').map(describeImport)).toEqual([]);
  });

  it('browser code imports only hub/contract, web-lib, its own app and npm packages', () => {
    const offending = imports.filter((i) => {
      const part = browserPartOf(i.from);
      if (part === null) return false;
      const { target } = i;
      if (target.kind === 'package') return false;
      if (target.kind !== 'file') return true;
      // The console's web app also reads the console's API types, which its service answers with.
      const ownApi = part === 'contact-center/web' && target.path === 'contact-center/api.ts';
      return !ownApi && ![part, 'hub/contract', 'web-lib'].some((allowed) => within(target.path, allowed));
    });
    expect(offending.map(describeImport)).toEqual([]);
  });

  it('hub/contract imports nothing outside hub/contract but npm packages (it runs in browsers too)', () => {
    const offending = imports.filter(
      (i) => within(i.from, 'hub/contract') && (i.target.kind === 'builtin' || (i.target.kind === 'file' && !within(i.target.path, 'hub/contract'))),
    );
    expect(offending.map(describeImport)).toEqual([]);
  });

  it('hardware imports nothing of the hub, the kiosk, the display, provisioning or web-lib', () => {
    const forbidden = ['hub', 'kiosk', 'display', 'firmware-config', 'web-lib'];
    const offending = fileImports.filter((i) => within(i.from, 'hardware') && forbidden.some((folder) => within(i.target.path, folder)));
    expect(offending.map(describeImport)).toEqual([]);
  });

  it('contact-center is a consumer of the upstream contract: it imports only hub/contract, the sqlite3 promise wrappers and the sign-in library of the hub', () => {
    // hub/staff shares code, not data: agents sign in as staff do, and the console still learns the line only through the upstream contract.
    const allowed = ['contact-center', 'hub/contract', 'hub/staff'];
    // Its web app is browser code, held to the browser rule above.
    const service = (file: string) => within(file, 'contact-center') && !within(file, 'contact-center/web');
    const offending = fileImports.filter(
      (i) => service(i.from) && !allowed.some((folder) => within(i.target.path, folder)) && i.target.path !== 'hub/store/sqlite.ts',
    );
    expect(offending.map(describeImport)).toEqual([]);
  });

  it('only firmware-config/provision itself (and its tests) imports firmware-config/provision', () => {
    const offending = fileImports.filter(
      (i) => within(i.target.path, 'firmware-config/provision') && !within(i.from, 'firmware-config/provision') && !within(i.from, 'test'),
    );
    expect(offending.map(describeImport)).toEqual([]);
  });

  it('server code reads the time and makes ids only through hub/context.ts, so a test can run a day in a moment', () => {
    // Log lines keep the machine's time even under a test clock, so they can be matched with other logs.
    const exempt = new Set(['hub/context.ts', 'hub/log.ts']);
    const serverFiles = files.filter((file) => within(file, 'hub') && !within(file, 'hub/web') && !exempt.has(file));
    const offending = serverFiles.flatMap((file) =>
      codeLines(file)
        .filter(({ text }) => /\bDate\.now\b|\bnew Date\(\s*\)|\brandomUUID\b/.test(text))
        .map(({ line, text }) => `${file}:${line}: ${text.trim()}`),
    );
    expect(offending).toEqual([]);
  });

  it("zod is imported as a namespace: `import { z }` takes all of zod, every locale too, into the built programs", () => {
    const offending = files.flatMap((file) =>
      codeLines(file)
        .filter(({ text }) => /import\s+(type\s+)?\{[^}]*\bz\b[^}]*\}\s+from\s+'zod'/.test(text))
        .map(({ line, text }) => `${file}:${line}: ${text.trim()}`),
    );
    expect(offending).toEqual([]);
  });

  it('no import cycle between module folders', () => {
    /** Module → module it imports → the first import that makes it so. */
    const edges = new Map<string, Map<string, Import>>();
    for (const i of fileImports) {
      if (within(i.from, 'test') || within(i.target.path, 'test')) continue;
      const [from, to] = [moduleOf(i.from), moduleOf(i.target.path)];
      if (from === to) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      if (!edges.get(from)!.has(to)) edges.get(from)!.set(to, i);
    }
    const cycles = stronglyConnected(edges).filter((group) => group.length > 1);
    const described = cycles.map((group) => {
      const inside = group.flatMap((module) => [...(edges.get(module) ?? [])].filter(([to]) => group.includes(to)).map(([, i]) => describeImport(i)));
      return `${group.join(', ')} import each other: ${inside.join('; ')}`;
    });
    expect(described).toEqual([]);
  });
});

/** A file's lines with comments blanked out, numbered from 1. */
function codeLines(file: string): { line: number; text: string }[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  let code = '';
  let last = 0;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.JSX, source);
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
      code += source.slice(last, scanner.getTokenStart()) + source.slice(scanner.getTokenStart(), scanner.getTokenEnd()).replace(/[^\n]/g, ' ');
      last = scanner.getTokenEnd();
    }
  }
  code += source.slice(last);
  return code.split('\n').map((text, i) => ({ line: i + 1, text }));
}

/** Tarjan's algorithm: the groups of modules that import each other, directly or not. */
function stronglyConnected(edges: ReadonlyMap<string, ReadonlyMap<string, unknown>>): string[][] {
  const index = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  const visit = (module: string) => {
    index.set(module, index.size);
    lowest.set(module, index.get(module)!);
    stack.push(module);
    onStack.add(module);
    for (const next of edges.get(module)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        lowest.set(module, Math.min(lowest.get(module)!, lowest.get(next)!));
      } else if (onStack.has(next)) {
        lowest.set(module, Math.min(lowest.get(module)!, index.get(next)!));
      }
    }
    if (lowest.get(module) !== index.get(module)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== module);
    groups.push(group.sort());
  };
  for (const module of [...edges.keys()].sort()) if (!index.has(module)) visit(module);
  return groups;
}
