/**
 * `npm start`'s contact center: the demo hub mirrors to a broker of its own
 * (Mosquitto when it is on the PATH, else an embedded aedes) and runs the
 * console against it, so a walk-in at the hub and a phone caller enrolled for
 * the contact center wait in the same line, seen from both sides. Ctrl-C
 * (SIGTERM here) stops the console and the broker with the hub.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onPath } from '../../hub/demo/upstream-broker.ts';
import { startHubProcess } from '../helpers/hub-process.ts';
import { freePort } from '../helpers/ports.ts';
import { until } from '../helpers/until.ts';

const DEMO_CONSOLE_KEY = 'demo-console-key';

/** The PATH without the directories that hold Mosquitto. */
function pathWithoutMosquitto(): string {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => !onPath('mosquitto', dir))
    .join(delimiter);
}

function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lobbyline-demo-cc-'));
  expect(onPath('mosquitto'), 'Mosquitto on the PATH (npm test installs it)').not.toBeNull();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe.each<{ broker: string; how: string; built: boolean; env: Record<string, string> }>([
  { broker: 'Mosquitto', how: 'the built demo, as npm start runs it, with Mosquitto on the PATH', built: true, env: {} },
  { broker: 'embedded aedes', how: 'the demo without Mosquitto on the PATH', built: false, env: { PATH: pathWithoutMosquitto() } },
])('$how', ({ broker, built, env }) => {
  it(`mirrors to ${broker}: a walk-in and a phone caller wait in one line, at the hub and in the console; all stops with the hub`, async () => {
    const consolePort = await freePort();
    const hub = await startHubProcess(join(dir, broker), {
      built,
      keepLog: true,
      env: { ...env, LOBBYLINE_DEMO_CONTACT_CENTER: 'on', LOBBYLINE_CC_PORT: String(consolePort) },
    });
    let output = '';
    hub.child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await until(() => output.includes('Upstream MQTT'), 'the addresses block with the contact center');
      const consoleUrl = `http://127.0.0.1:${consolePort}`;
      expect(output).toContain(`  Console       ${consoleUrl}/   (the contact center's agents; demo sign-in: cora / demo-cora)\n`);
      const upstream = /  Upstream MQTT (mqtt:\/\/127\.0\.0\.1:\d+)   \(the contact center's broker, (.+?): this hub mirrors its line to it\)\n/.exec(output);
      expect(upstream?.[2]).toBe(broker);
      const consoleGet = async (path: string) => (await fetch(`${consoleUrl}${path}`, { headers: { authorization: `Bearer ${DEMO_CONSOLE_KEY}` } })).json();

      const walkIn = await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' });
      expect(walkIn.status).toBe(201);
      // The phone caller is enrolled by the demo agent, signed in with the credentials the block prints.
      const session = await fetch(`${consoleUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'cora', password: 'demo-cora' }) });
      expect(session.status).toBe(200);
      const { csrfToken } = (await session.json()) as { csrfToken: string };
      const cookie = session.headers.get('set-cookie')!.split(';')[0]!;
      await until(async () => (await consoleGet('/api/sites')).some((s: { site: string }) => s.site === 'demo-clinic'), 'the console knows the demo site');
      const enrolled = await fetch(`${consoleUrl}/api/sites/demo-clinic/enrol`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, 'x-lobbyline-csrf': csrfToken },
        body: JSON.stringify({ serviceId: 'lab', phone: '+15550100001', language: 'es' }),
      });
      const caller = { status: enrolled.status, body: await enrolled.json() };
      expect(caller.status).toBe(200);

      // The hub's side: both in the lab's line, in arrival order.
      const line = await hub.api('GET', '/entries?serviceId=lab&status=waiting');
      expect(line.body.map((e: { ticket: string; channel: string }) => [e.ticket, e.channel])).toEqual([
        [walkIn.body.ticket, 'kiosk'],
        [caller.body.result.ticket, 'phone'],
      ]);
      // The contact center's side, through the mirror and the broker: the same two, and the line's count.
      await until(async () => (await consoleGet(`/api/sites/demo-clinic/visits`)).length === 2, 'both visits in the console');
      const visits = await consoleGet('/api/sites/demo-clinic/visits');
      expect(visits.map((v: { ticket: string; channel: string; status: string }) => [v.ticket, v.channel, v.status])).toEqual([
        [walkIn.body.ticket, 'kiosk', 'waiting'],
        [caller.body.result.ticket, 'phone', 'waiting'],
      ]);
      await until(
        async () => (await consoleGet('/api/sites')).find((s: { site: string }) => s.site === 'demo-clinic')?.services.find((s: { serviceId: string }) => s.serviceId === 'lab')?.waiting === 2,
        'two waiting for the lab in the console',
      );
      expect(await (await fetch(`${consoleUrl}/healthz`)).json()).toMatchObject({ connected: true });

      await hub.stop();
      expect(hub.child.exitCode).toBe(0);
      // The console and the broker stopped before the hub exited.
      expect(await refused(consoleUrl)).toBe(true);
      expect(await refused(upstream![1]!)).toBe(true);
    } finally {
      await hub.stop();
    }
  });
});
