/** The console's config file and the environment variables that override it. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleOptions, loadConsoleConfig } from '../../contact-center/config.ts';

const HASH = 'scrypt$16384$8$1$Cr8bDEdMrebcpw8IGERoBg==$Nl2O96zoea1NzdWhmzP5gpsUOQOdQ5UQ6lkb6tsvMXY=';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lobbyline-console-config-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function configFile(text: string): Promise<string> {
  const path = join(dir, `console-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(path, text);
  return path;
}

describe("the console's config", () => {
  it('reads agents, brokers, sites and address from the file; the environment wins', async () => {
    const path = await configFile(
      [
        'brokers: [mqtt://cc-1:1883, mqtt://cc-2:1883]',
        'username: console',
        'sites: [north, south]',
        'port: 8091',
        'agents:',
        `  - { id: ana, name: Ana Ruiz, role: manager, passwordHash: "${HASH}" }`,
        `  - { id: ben, name: Ben Okafor, role: staff, passwordHash: "${HASH}" }`,
      ].join('\n'),
    );
    const config = await loadConsoleConfig(path);
    expect(consoleOptions(config, {})).toEqual({
      urls: ['mqtt://cc-1:1883', 'mqtt://cc-2:1883'],
      clientId: 'lobbyline-console',
      username: 'console',
      sites: ['north', 'south'],
      agents: [
        { id: 'ana', name: 'Ana Ruiz', role: 'manager', passwordHash: HASH },
        { id: 'ben', name: 'Ben Okafor', role: 'staff', passwordHash: HASH },
      ],
      dbPath: 'data/console.sqlite',
      httpPort: 8091,
      host: '127.0.0.1',
    });
    const env = { LOBBYLINE_CC_BROKERS: 'mqtt://other:1883', LOBBYLINE_CC_PORT: '9000', LOBBYLINE_CC_PASSWORD: 'secret', LOBBYLINE_CC_API_KEY: 'key-0123456789' };
    expect(consoleOptions(config, env)).toMatchObject({ urls: ['mqtt://other:1883'], httpPort: 9000, password: 'secret', apiKey: 'key-0123456789', sites: ['north', 'south'] });
  });

  it('runs from the environment alone, as before the file', async () => {
    expect(consoleOptions(await loadConsoleConfig(undefined), { LOBBYLINE_CC_BROKERS: 'mqtt://cc:1883', LOBBYLINE_CC_SITES: 'a, b' })).toMatchObject({
      urls: ['mqtt://cc:1883'],
      sites: ['a', 'b'],
      agents: [],
    });
    expect(() => consoleOptions({ agents: [] }, {})).toThrow(/LOBBYLINE_CC_BROKERS/);
  });

  it('names every problem with its field: a plain password, a repeated id, an unknown setting', async () => {
    const path = await configFile(
      [
        'brokers: [http://cc:80]',
        'colour: blue',
        'agents:',
        '  - { id: ana, name: Ana, role: manager, passwordHash: hunter2 }',
        `  - { id: ANA, name: Ana again, role: chief, passwordHash: "${HASH}" }`,
      ].join('\n'),
    );
    const error = await loadConsoleConfig(path).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(path);
    expect(message).toMatch(/brokers\.0: must be an mqtt:\/\//);
    expect(message).toMatch(/colour/);
    expect(message).toMatch(/agents\.0\.passwordHash: must be a scrypt hash made by `npm run hash-secret`/);
    expect(message).toMatch(/agents\.1\.role/);
    await expect(loadConsoleConfig(join(dir, 'missing.yaml'))).rejects.toThrow(/Cannot read the console's config/);
  });
});
