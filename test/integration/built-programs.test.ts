/**
 * The built programs (hub/build-node.ts, run by the suite's global setup as by
 * `npm ci` and `npm run build`): the command lines of the provisioned systemd
 * units start them without the TypeScript loader, the built hub serves, the
 * built kiosk agent connects to it, and the built hub's demo runs the built agent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteTopics } from '../../hub/contract/index.ts';
import { NODE_DIST, NODE_PROGRAMS, programFiles } from '../../hub/build-node.ts';
import { DEFAULT_INSTALL, hubUnit, kioskAgentUnit, type InstallPaths } from '../../firmware-config/provision/systemd-units.ts';
import { DEMO_PASSWORDS, TEST_API_KEY } from '../helpers/hub.ts';
import { startHubProcess } from '../helpers/hub-process.ts';
import { connectClient, nextMessage, subscribeGranted } from '../helpers/mqtt.ts';
import { freePort } from '../helpers/ports.ts';
import { until } from '../helpers/until.ts';

const ROOT = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');
const INSTALL: InstallPaths = { ...DEFAULT_INSTALL, appDir: ROOT, node: process.execPath };
const topics = siteTopics('demo-clinic');

/** The unit's ExecStart as an argument list. */
function execStart(unitText: string): string[] {
  const line = unitText.split('\n').find((l) => l.startsWith('ExecStart='));
  if (!line) throw new Error('no ExecStart');
  return line.slice('ExecStart='.length).split(' ');
}

/** The arguments with `--name value` taken out (and the given ones added). */
function withOptions(args: string[], drop: string[], add: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (drop.includes(args[i]!)) i++;
    else kept.push(args[i]!);
  }
  return [...kept, ...add];
}

function stopped(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  return exited;
}

describe('the built hub and kiosk agent', () => {
  let dir: string;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lobbyline-built-'));
  });
  afterAll(async () => {
    await Promise.all(children.map(stopped));
    await rm(dir, { recursive: true, force: true });
  });

  it('are what the provisioned units start, without tsx', () => {
    const hub = execStart(hubUnit(INSTALL, 'site.yaml', { host: 'hub.local', httpPort: 8080, mqttPort: 1883 }));
    const agent = execStart(kioskAgentUnit(INSTALL, 'kiosk-1'));
    expect(hub.slice(0, 2)).toEqual([process.execPath, join(NODE_DIST, NODE_PROGRAMS[0].out)]);
    expect(agent.slice(0, 2)).toEqual([process.execPath, join(NODE_DIST, NODE_PROGRAMS[1].out)]);
    for (const args of [hub, agent]) {
      expect(args.join(' ')).not.toMatch(/tsx|\.ts\b/);
      expect(existsSync(args[1]!)).toBe(true);
    }
  });

  it("start from the units' command lines: the hub serves /healthz and the kiosk agent comes online on it", async () => {
    const [httpPort, mqttPort] = [await freePort(), await freePort()];
    const unitHub = execStart(hubUnit(INSTALL, 'site.yaml', { host: 'hub.local', httpPort, mqttPort }));
    // The demo site instead of /etc/lobbyline's, a data dir of its own, this machine only.
    const hubArgs = withOptions(unitHub.slice(1), ['--site', '--data-dir', '--host'], ['--data-dir', join(dir, 'unit'), '--host', '127.0.0.1']);
    const hub = spawn(unitHub[0]!, hubArgs, { cwd: ROOT, env: { ...process.env, LOBBYLINE_API_KEY: TEST_API_KEY, LOBBYLINE_DEMO_KIOSK: 'off', LOBBYLINE_DEMO_CONTACT_CENTER: 'off' }, stdio: ['ignore', 'ignore', 'inherit'] });
    children.push(hub);
    await until(() => fetch(`http://127.0.0.1:${httpPort}/healthz`).then((r) => r.ok, () => false), 'the built hub serving /healthz');
    expect(await fetch(`http://127.0.0.1:${httpPort}/healthz`).then((r) => r.json())).toMatchObject({ status: 'ok', siteId: 'demo-clinic' });

    const screen = await connectClient(`mqtt://127.0.0.1:${mqttPort}`, { clientId: 'kiosk-1-screen-built', username: 'kiosk-1', password: DEMO_PASSWORDS['kiosk-1'] });
    try {
      const online = nextMessage<{ online: boolean }>(screen, topics.deviceStatus('kiosk-1'), (status) => status.online === true, 20_000);
      expect(await subscribeGranted(screen, topics.deviceStatus('kiosk-1'))).toEqual([1]);
      // The demo configuration (virtual printer and scanner) instead of /etc/lobbyline's, against this hub.
      const unitAgent = execStart(kioskAgentUnit(INSTALL, 'kiosk-1'));
      const agentArgs = withOptions(unitAgent.slice(1), ['--config'], ['--mqtt-url', `mqtt://127.0.0.1:${mqttPort}`]);
      const agent = spawn(unitAgent[0]!, agentArgs, { cwd: ROOT, stdio: ['pipe', 'ignore', 'inherit'] });
      children.push(agent);
      await online;
      expect(agent.exitCode).toBeNull();
      await stopped(agent);
    } finally {
      await screen.endAsync();
    }
    await stopped(hub);
    expect(hub.exitCode).toBe(0);
  });

  it("the build makes the hub's code cache for the very bundle it built", async () => {
    const hub = programFiles(NODE_DIST, NODE_PROGRAMS[0]);
    // The bundle's first line is its build id, which the cache repeats: a cache of another build is never used.
    const buildId = (await readFile(hub.bundle, 'latin1')).split('\n')[0]!;
    expect(buildId).toMatch(/^\/\* build [0-9a-f]+ \*\/$/);
    expect((await readFile(hub.codeCache)).subarray(0, buildId.length).toString('latin1')).toBe(buildId);
  });

  it('a hub whose code cache V8 rejects (made by another Node, or damaged) starts from its bundle all the same', async () => {
    const built = programFiles(NODE_DIST, NODE_PROGRAMS[0]);
    // A copy of the build at the same depth under dist/, where the bundle finds the files it reads.
    const copy = join(ROOT, 'dist', `${basename(dir)}-rejected-cache`);
    const hub = programFiles(copy, NODE_PROGRAMS[0]);
    await mkdir(join(hub.entry, '..'), { recursive: true });
    try {
      await Promise.all([copyFile(built.entry, hub.entry), copyFile(built.bundle, hub.bundle)]);
      const buildId = (await readFile(hub.bundle, 'latin1')).split('\n')[0]!;
      await writeFile(hub.codeCache, Buffer.concat([Buffer.from(`${buildId}\n`, 'latin1'), Buffer.alloc(64 * 1024, 0x5a)]));
      const [httpPort, mqttPort] = [await freePort(), await freePort()];
      const child = spawn(process.execPath, [hub.entry, '--data-dir', join(dir, 'rejected-cache'), '--host', '127.0.0.1', '--http-port', String(httpPort), '--mqtt-port', String(mqttPort)], {
        cwd: ROOT,
        env: { ...process.env, LOBBYLINE_API_KEY: TEST_API_KEY, LOBBYLINE_DEMO_KIOSK: 'off', LOBBYLINE_DEMO_CONTACT_CENTER: 'off' },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      children.push(child);
      await until(() => fetch(`http://127.0.0.1:${httpPort}/healthz`).then((r) => r.ok, () => false), 'the hub serving /healthz despite its cache');
      await stopped(child);
      expect(child.exitCode).toBe(0);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });

  it("the built hub's demo runs the built kiosk agent", async () => {
    const hub = await startHubProcess(join(dir, 'demo'), { built: true, keepLog: true, stdin: 'pipe', env: { LOBBYLINE_DEMO_KIOSK: 'on' } });
    let output = '';
    hub.child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      const screen = await connectClient(hub.mqttUrl, { clientId: 'kiosk-1-screen-demo', username: 'kiosk-1', password: DEMO_PASSWORDS['kiosk-1'] });
      try {
        const online = nextMessage<{ online: boolean }>(screen, topics.deviceStatus('kiosk-1'), (status) => status.online === true, 20_000);
        expect(await subscribeGranted(screen, topics.deviceStatus('kiosk-1'))).toEqual([1]);
        await online;
      } finally {
        await screen.endAsync();
      }
      await until(() => output.includes('"message":"kiosk agent started"'), 'the demo kiosk agent');
    } finally {
      await hub.stop();
    }
  });
});
