/**
 * A RabbitMQ cluster with its MQTT plugin, from Debian's rabbitmq-server, for tests and benchmarks:
 * N nodes on 127.0.0.1 only, each with its own node name, AMQP, MQTT and distribution ports and its own
 * directories, a port mapper (epmd) of our own on a private port, joined with `rabbitmqctl join_cluster`.
 *
 * RabbitMQ runs as the `rabbitmq` user (when the tests run as root, which the Debian install needs):
 * everything it writes (data, logs, the Erlang cookie its HOME holds) lives in a temp dir owned by it.
 * Only the processes started here are ever signalled, by their pid: the start script execs the Erlang
 * VM, so the pid spawned is the node's own. kill() is SIGKILL, like a crash; start() brings the node back with its data, on its ports.
 *
 * What the MQTT plugin of 3.10 does differently from Mosquitto is shown in test/integration/rabbitmq-mqtt.test.ts.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.ts';
import { exited, killOnExit, removeOnExit, tcpProbe, waitForExit } from './processes.ts';

const RABBITMQ_BIN = '/usr/lib/rabbitmq/bin';
const EPMD = '/usr/bin/epmd';
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const execFileAsync = promisify(execFile);

export interface RabbitClusterOptions {
  /** How many nodes; 2 unless said. */
  nodes?: number;
  /** The MQTT user (and the only user), with full rights on the default vhost. */
  username?: string;
  password?: string;
  /** `mqtt.durable_queue_type`: where a persistent session's QoS 1 messages wait (default classic). */
  durableQueueType?: 'classic' | 'quorum';
  /**
   * Mirror every persistent session's queue to all nodes (a classic queue mirroring policy), so that a
   * client whose node died resumes its session on another node. Without it the session's queue lives
   * only on the node the client first connected to (default true).
   */
  mirroredSessions?: boolean;
}

/** The queues the MQTT plugin keeps a session's subscriptions in: mqtt-subscription-{clientId}qos{0,1}. */
export const SESSION_QUEUES = '^mqtt-subscription-';

export interface RabbitNode {
  /** e.g. lobbyline-a-1f2e3d@localhost */
  name: string;
  amqpPort: number;
  mqttPort: number;
  distPort: number;
  /** mqtt://127.0.0.1:<mqttPort> */
  mqttUrl: string;
  /** The Erlang VM's pid while running. */
  pid(): number | null;
  running(): boolean;
  /** SIGKILL by pid, like a crash or power loss; resolves once the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM by pid: a graceful stop (SIGKILL if it takes longer than 15 s). */
  stop(): Promise<void>;
  /** Starts the node again with the same name, ports and data; resolves when its MQTT port accepts. */
  start(): Promise<void>;
  /** The end of the node's log, for diagnostics. */
  log(): string;
}

export interface RabbitCluster {
  nodes: RabbitNode[];
  username: string;
  password: string;
  /** Runs rabbitmqctl against a node (as the rabbitmq user, with the cluster's cookie); its stdout. */
  ctl(node: RabbitNode, ...args: string[]): Promise<string>;
  dispose(): Promise<void>;
}

interface Account {
  uid: number;
  gid: number;
}

/** The `rabbitmq` system user the Debian package creates; RabbitMQ refuses nothing as root, but its files must be its user's. */
function rabbitmqAccount(): Account | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('rabbitmq:'));
  if (!line) throw new Error('no rabbitmq user: install the Debian package "rabbitmq-server" (npm test does this)');
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function chownTree(path: string, account: Account | null): void {
  if (!account) return;
  chownSync(path, account.uid, account.gid);
  for (const name of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, name.name);
    if (name.isDirectory()) chownTree(child, account);
    else chownSync(child, account.uid, account.gid);
  }
}

function nodeConfig(mqttPort: number, options: Required<RabbitClusterOptions>): string {
  return [
    'mqtt.listeners.tcp.default = 127.0.0.1:' + mqttPort,
    'mqtt.allow_anonymous = false',
    `mqtt.durable_queue_type = ${options.durableQueueType}`,
    `default_user = ${options.username}`,
    `default_pass = ${options.password}`,
    'loopback_users = none',
    'log.console = false',
    'log.file.level = info',
    // A test machine's disk may be nearly full; a node that blocks publishers would look like a bug of ours.
    'disk_free_limit.absolute = 1MB',
    '',
  ].join('\n');
}

export async function startRabbitCluster(options: RabbitClusterOptions = {}): Promise<RabbitCluster> {
  if (!existsSync(join(RABBITMQ_BIN, 'rabbitmq-server'))) {
    throw new Error('rabbitmq-server not found: install the Debian package "rabbitmq-server" (npm test does this)');
  }
  const settings: Required<RabbitClusterOptions> = {
    nodes: 2,
    username: 'lobbyline',
    password: randomBytes(12).toString('hex'),
    durableQueueType: 'classic',
    mirroredSessions: true,
    ...options,
  };
  const account = rabbitmqAccount();
  const dir = mkdtempSync(join(tmpdir(), 'lobbyline-rabbitmq-'));
  const tempDir = removeOnExit(dir);
  const tag = randomBytes(3).toString('hex');
  // The cookie lets the nodes and rabbitmqctl talk to each other; Erlang reads it from $HOME.
  writeFileSync(join(dir, '.erlang.cookie'), randomBytes(20).toString('hex'), { mode: 0o400 });
  const epmdPort = await freePort();
  const baseEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    LANG: 'C.UTF-8',
    ERL_EPMD_PORT: String(epmdPort),
    ERL_EPMD_ADDRESS: '127.0.0.1',
    RABBITMQ_CTL_ERL_ARGS: '-kernel inet_dist_use_interface {127,0,0,1}',
  };
  const spawnAs = account ? { uid: account.uid, gid: account.gid } : {};
  const children = new Set<ChildProcess>();
  const track = (child: ChildProcess) => {
    children.add(child);
    killOnExit(child);
    child.once('exit', () => children.delete(child));
    return child;
  };

  const epmd = track(spawn(EPMD, ['-port', String(epmdPort), '-address', '127.0.0.1'], { env: baseEnv, stdio: 'ignore', ...spawnAs }));

  const ctl = async (node: RabbitNode, ...args: string[]): Promise<string> => {
    const { stdout } = await execFileAsync(join(RABBITMQ_BIN, 'rabbitmqctl'), ['-q', '-n', node.name, ...args], {
      env: baseEnv,
      cwd: dir,
      timeout: 60_000,
      ...spawnAs,
    });
    return stdout;
  };

  const letters = 'abcdefghij';
  const nodes: RabbitNode[] = [];
  for (let i = 0; i < settings.nodes; i++) {
    const letter = letters[i]!;
    const name = `lobbyline-${letter}-${tag}@localhost`;
    const [amqpPort, mqttPort, distPort] = [await freePort(), await freePort(), await freePort()];
    const nodeDir = join(dir, letter);
    mkdirSync(join(nodeDir, 'logs'), { recursive: true });
    writeFileSync(join(nodeDir, 'rabbitmq.conf'), nodeConfig(mqttPort, settings));
    writeFileSync(join(nodeDir, 'enabled_plugins'), '[rabbitmq_mqtt].\n');
    const pidFile = join(nodeDir, 'rabbitmq.pid');
    const env = {
      ...baseEnv,
      RABBITMQ_NODENAME: name,
      RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
      RABBITMQ_NODE_PORT: String(amqpPort),
      RABBITMQ_DIST_PORT: String(distPort),
      RABBITMQ_MNESIA_BASE: join(nodeDir, 'mnesia'),
      RABBITMQ_LOG_BASE: join(nodeDir, 'logs'),
      RABBITMQ_ENABLED_PLUGINS_FILE: join(nodeDir, 'enabled_plugins'),
      RABBITMQ_CONFIG_FILE: join(nodeDir, 'rabbitmq.conf'),
      RABBITMQ_PID_FILE: pidFile,
      // exec the Erlang VM itself (no wrapping shell), so the pid we hold is the node's; no shell on stdin.
      RABBITMQ_ALLOW_INPUT: '1',
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: '-noinput -kernel inet_dist_use_interface {127,0,0,1}',
    };
    let child: ChildProcess | null = null;
    let output = '';
    const readLog = () => {
      try {
        const file = readdirSync(join(nodeDir, 'logs')).find((f) => f.endsWith('.log'));
        const text = file ? readFileSync(join(nodeDir, 'logs', file), 'utf8') : '';
        return (text + '\n' + output).split('\n').slice(-40).join('\n');
      } catch {
        return output;
      }
    };
    const node: RabbitNode = {
      name,
      amqpPort,
      mqttPort,
      distPort,
      mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
      pid: () => (child && !exited(child) ? child.pid ?? null : null),
      running: () => child !== null && !exited(child),
      async kill() {
        if (!child || exited(child)) return;
        child.kill('SIGKILL');
        await waitForExit(child, STOP_TIMEOUT_MS);
      },
      async stop() {
        if (!child || exited(child)) return;
        child.kill('SIGTERM'); // the Erlang VM shuts the node down gracefully on SIGTERM
        if (!(await waitForExit(child, STOP_TIMEOUT_MS))) child.kill('SIGKILL');
        await waitForExit(child, STOP_TIMEOUT_MS);
      },
      async start() {
        chownTree(dir, account);
        output = '';
        const proc = track(spawn(join(RABBITMQ_BIN, 'rabbitmq-server'), [], { env, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], ...spawnAs }));
        proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-4000)));
        proc.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output = (output + chunk).slice(-4000)));
        child = proc;
        const deadline = Date.now() + READY_TIMEOUT_MS;
        while (!(await tcpProbe(mqttPort))) {
          if (exited(proc)) throw new Error(`RabbitMQ node ${name} exited during start (code ${proc.exitCode})\n${readLog()}`);
          if (Date.now() > deadline) throw new Error(`RabbitMQ node ${name} did not open MQTT port ${mqttPort} within ${READY_TIMEOUT_MS} ms\n${readLog()}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      log: readLog,
    };
    nodes.push(node);
  }

  const dispose = async () => {
    await Promise.all(nodes.map((n) => n.kill()));
    epmd.kill('SIGKILL');
    await waitForExit(epmd, STOP_TIMEOUT_MS);
    for (const child of children) if (!exited(child)) child.kill('SIGKILL');
    tempDir.removeNow();
  };

  try {
    await Promise.all(nodes.map((n) => n.start()));
    const [seed, ...others] = nodes;
    for (const node of others) {
      await ctl(node, 'stop_app');
      await ctl(node, 'join_cluster', seed!.name);
      await ctl(node, 'start_app');
    }
    if (settings.mirroredSessions) {
      await ctl(seed!, 'set_policy', '--apply-to', 'queues', 'mqtt-sessions', SESSION_QUEUES, JSON.stringify({ 'ha-mode': 'all', 'ha-sync-mode': 'automatic' }));
    }
  } catch (error) {
    await dispose();
    throw error;
  }
  return { nodes, username: settings.username, password: settings.password, ctl, dispose };
}
