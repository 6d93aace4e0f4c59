/**
 * Starts Debian's Mosquitto (/usr/sbin/mosquitto) as an independent broker for tests and benchmarks:
 * 127.0.0.1 only, an ephemeral port, its own config and persistence in a temp dir.
 * Only the process started here is ever signalled, by its pid.
 *
 * stop() (SIGTERM, graceful: Mosquitto saves its persistence DB) and kill() (SIGKILL: loses what was
 * not saved, i.e. everything since the last restart) leave the temp dir in place so restart() can bring
 * the same broker back on the same port with the same data. dispose() stops it and removes the dir;
 * anything left over is killed and removed when the test process exits.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { freePort } from './ports.ts';
import { exited, killOnExit, removeOnExit, tcpProbe, waitForExit } from './processes.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const MOSQUITTO = '/usr/sbin/mosquitto';
const MOSQUITTO_PASSWD = '/usr/bin/mosquitto_passwd';
const READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

export interface MosquittoOptions {
  /** username -> password. When given, anonymous clients are refused. */
  users?: Record<string, string>;
  /** QoS 1 messages queued per client beyond those in flight (Mosquitto's default: 1,000, then it drops); 0: no limit. */
  maxQueuedMessages?: number;
}

export interface MosquittoBroker {
  port: number;
  /** mqtt://127.0.0.1:<port> */
  url: string;
  /** Temp dir holding config, persistence DB, password file and mosquitto.log. */
  dir: string;
  /** Graceful stop (SIGTERM, waits for exit; SIGKILL after 5 s). Keeps the dir for restart(). */
  stop(): Promise<void>;
  /** SIGKILL, like a crash or power loss. Does not wait. */
  kill(): void;
  /** (Stops if running, then) starts again on the same port with the same persistence dir. */
  restart(): Promise<void>;
  /** Stops and removes the temp dir. */
  dispose(): Promise<void>;
  /** Tail of mosquitto.log, for diagnostics. */
  log(): string;
  /** The running process's id (benchmarks read its CPU time from /proc). */
  pid(): number | undefined;
}

const execFileAsync = promisify(execFile);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function writeConfig(dir: string, port: number, { users, maxQueuedMessages }: MosquittoOptions): Promise<string> {
  const lines = [
    `listener ${port} 127.0.0.1`,
    'persistence true',
    `persistence_location ${dir}/`,
    `log_dest file ${join(dir, 'mosquitto.log')}`,
    'log_type error',
    'log_type warning',
    'log_type notice',
    'log_type information',
    'connection_messages true',
    ...(maxQueuedMessages !== undefined ? [`max_queued_messages ${maxQueuedMessages}`] : []),
  ];
  // As root Mosquitto drops to the `mosquitto` user, which cannot write our temp dir.
  if (process.getuid?.() === 0) lines.push('user root');
  if (users && Object.keys(users).length > 0) {
    const passwordFile = join(dir, 'passwords');
    await writeFile(passwordFile, '', { mode: 0o600 });
    for (const [username, password] of Object.entries(users)) {
      await execFileAsync(MOSQUITTO_PASSWD, ['-b', passwordFile, username, password]);
    }
    lines.push('allow_anonymous false', `password_file ${passwordFile}`);
  } else {
    lines.push('allow_anonymous true');
  }
  const configFile = join(dir, 'mosquitto.conf');
  await writeFile(configFile, lines.join('\n') + '\n');
  return configFile;
}

export async function startMosquitto(options: MosquittoOptions = {}): Promise<MosquittoBroker> {
  if (!existsSync(MOSQUITTO)) {
    throw new Error(`${MOSQUITTO} not found: install the Debian packages "mosquitto mosquitto-clients" (npm test does this)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'lobbyline-mosquitto-'));
  const tempDir = removeOnExit(dir);
  const logFile = join(dir, 'mosquitto.log');
  const readLog = (): string => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
    } catch {
      return '';
    }
  };

  let child: ChildProcess | undefined;
  let port = 0;
  let configFile = '';

  /** Starts the process on `port` and waits until it accepts TCP connections. */
  const launch = async (): Promise<void> => {
    let stderr = '';
    const proc = spawn(MOSQUITTO, ['-c', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    killOnExit(proc);
    child = proc;
    const spawnError = new Promise<Error>((resolve) => proc.once('error', resolve));
    let error: Error | undefined;
    spawnError.then((e) => (error = e));
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (error) throw error;
      if (exited(proc)) {
        throw new Error(`mosquitto exited during start (code ${proc.exitCode}, signal ${proc.signalCode}) on port ${port}\n${stderr}\n${readLog()}`);
      }
      if (await tcpProbe(port)) return;
      await sleep(25);
    }
    proc.kill('SIGKILL');
    throw new Error(`mosquitto did not accept connections on port ${port} within ${READY_TIMEOUT_MS} ms\n${stderr}\n${readLog()}`);
  };

  const stop = async (): Promise<void> => {
    const proc = child;
    if (!proc || exited(proc)) return;
    proc.kill('SIGTERM');
    if (!(await waitForExit(proc, STOP_TIMEOUT_MS))) {
      proc.kill('SIGKILL');
      await waitForExit(proc, STOP_TIMEOUT_MS);
    }
  };

  // The free port can be taken between probing and binding: retry with a fresh one.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    configFile = await writeConfig(dir, port, options);
    try {
      await launch();
      break;
    } catch (err) {
      await stop();
      if (attempt >= 3) {
        tempDir.removeNow();
        throw err;
      }
    }
  }

  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    dir,
    stop,
    kill() {
      if (child && !exited(child)) child.kill('SIGKILL');
    },
    async restart() {
      await stop();
      if (child) await waitForExit(child, STOP_TIMEOUT_MS);
      await launch();
    },
    async dispose() {
      await stop();
      tempDir.removeNow();
    },
    log: readLog,
    pid: () => (child && !exited(child) ? child.pid : undefined),
  };
}
