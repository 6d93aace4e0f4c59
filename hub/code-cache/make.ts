/**
 * At build time only: makes a built program's V8 code cache (read by hub/code-cache/load.ts) by running the
 * program once as its command line does, with LOBBYLINE_WRITE_CODE_CACHE, on a data dir of its own and
 * ports the system picks, until it serves; it writes the cache as it exits. The hub warms up on the demo
 * site, alone: what every hub runs to serve (the event log, the HTTP server and its routes, the broker).
 */
import { spawn } from 'node:child_process';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** How long the warm-up may take before the build goes on without a cache (the program then compiles from source). */
const WARM_UP_LIMIT_MS = 60_000;

/** Runs the built hub at `entry` (dist/node/hub/main.js) until /healthz answers, then stops it: it writes its code cache, `codeCache`, as it exits. */
export async function makeHubCodeCache(entry: string, codeCache: string): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lobbyline-code-cache-'));
  try {
    // The demo site whatever the builder's environment says (LOBBYLINE_SITE …), and no NODE_OPTIONS, as the unit
    // runs it: V8 uses a cache only under the flags it was made with.
    const hub = spawn(process.execPath, [entry, '--data-dir', dataDir, '--host', '127.0.0.1', '--http-port', '0', '--mqtt-port', '0'], {
      env: { PATH: process.env.PATH, LOBBYLINE_WRITE_CODE_CACHE: '1', LOBBYLINE_DEMO_KIOSK: 'off', LOBBYLINE_DEMO_CONTACT_CENTER: 'off' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => hub.once('exit', resolve));
    const limit = setTimeout(() => hub.kill('SIGKILL'), WARM_UP_LIMIT_MS);
    try {
      const httpUrl = await startedAt(hub.stdout);
      hub.stdout.resume();
      // The first request too: answering /healthz is part of every start.
      await fetch(`${httpUrl}/healthz`);
      hub.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) throw new Error(`exited with code ${code}`);
      await access(codeCache).catch(() => {
        throw new Error('the hub wrote no code cache');
      });
    } finally {
      clearTimeout(limit);
      hub.kill('SIGKILL');
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** The hub's HTTP address, from its 'hub started' log line. */
async function startedAt(stdout: NodeJS.ReadableStream): Promise<string> {
  for await (const line of createInterface({ input: stdout })) {
    const entry = line.startsWith('{') ? (JSON.parse(line) as { message?: string; http?: string }) : {};
    if (entry.message === 'hub started' && entry.http) return entry.http;
  }
  throw new Error('the hub stopped before it served');
}
