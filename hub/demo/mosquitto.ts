/**
 * Mosquitto as the demo's contact-center broker, when it is installed: its own
 * configuration, password file and persistence in the demo's data directory,
 * on 127.0.0.1 only. Only the process started here is ever signalled, by its pid.
 */
import { spawn } from 'node:child_process';
import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { DemoUpstreamBroker, UpstreamAccounts } from './upstream-broker.ts';

const READY_ATTEMPTS = 200;
const READY_POLL_MS = 50;
const STOP_GRACE_MS = 5_000;

/** A password file line as `mosquitto_passwd` writes it (PBKDF2-SHA512, `$7$`), so that tool need not be installed. */
function passwordLine(username: string, password: string): string {
  const salt = randomBytes(12);
  const hash = pbkdf2Sync(password, salt, 101, 64, 'sha512');
  return `${username}:$7$101$${salt.toString('base64')}$${hash.toString('base64')}`;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function startMosquitto(executable: string, dir: string, port: number, accounts: UpstreamAccounts): Promise<DemoUpstreamBroker> {
  const passwordFile = join(dir, 'passwords');
  const logFile = join(dir, 'mosquitto.log');
  await writeFile(passwordFile, Object.entries(accounts).map(([user, password]) => passwordLine(user, password)).join('\n') + '\n', { mode: 0o600 });
  const config = [
    `listener ${port} 127.0.0.1`,
    'allow_anonymous false',
    `password_file ${passwordFile}`,
    'persistence true',
    `persistence_location ${dir}/`,
    `log_dest file ${logFile}`,
    // Run as root, Mosquitto would become the `mosquitto` user, who cannot write the demo's data directory.
    ...(process.getuid?.() === 0 ? ['user root'] : []),
  ];
  const configFile = join(dir, 'mosquitto.conf');
  await writeFile(configFile, config.join('\n') + '\n');

  // Its own process group: Ctrl-C in the terminal reaches the hub, which stops Mosquitto last, after its clients.
  const child = spawn(executable, ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  // What it says before its log file is open (a bad configuration, a port taken), for the error below.
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const spawnFailed = new Promise<Error>((resolve) => child.once('error', resolve));
  let failure: Error | undefined;
  void spawnFailed.then((error) => (failure = error));
  const logTail = async () => `${stderr}${(await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-5).join('\n')}`.trim();

  for (let attempt = 0; ; attempt++) {
    if (failure) throw new Error(`Mosquitto (${executable}) could not start: ${failure.message}`);
    if (child.exitCode !== null) throw new Error(`Mosquitto exited while starting (code ${child.exitCode}): ${await logTail()}`);
    if (await accepts(port)) break;
    if (attempt === READY_ATTEMPTS) {
      child.kill('SIGKILL');
      throw new Error(`Mosquitto did not accept connections on port ${port}: ${await logTail()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
  }

  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    kind: 'Mosquitto',
    async close() {
      if (!running()) return;
      child.kill('SIGTERM');
      const slow = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(slow);
    },
    killNow() {
      if (running()) child.kill('SIGTERM');
    },
  };
}
