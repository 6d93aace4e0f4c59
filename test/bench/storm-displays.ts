/**
 * The displays of the reconnect-storm bench (test/bench/reconnect-storm.ts), in a process of their own:
 * 500 sockets connecting at once take their own event loop, so the enrolments the bench times in its own
 * process wait on the hub and not on this process's CONNACKs.
 *
 * Each display has its own device id and address (127.0.1.x–127.0.2.x, as TVs on the lobby network).
 */
import { fork } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import mqttPacket from 'mqtt-packet';

export const DISPLAYS = 500;
/** What provisioning makes: 24 random characters. One for all, so the site file is quick to write; each device still gets its own check. */
export const PASSWORD = 'Qm7d1v-N4kX8zP2sYw6rTb0H';

export type Credentials = 'fast' | 'scrypt' | 'anonymous';

export const deviceId = (i: number) => `tv-${i + 1}`;
const addressOf = (i: number) => `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`;

export interface Storm {
  /** First CONNECT sent → last CONNACK, ms. */
  lastConnack: number;
  refused: number;
}

/** Opens DISPLAYS connections at once and sends CONNECT on each; resolves when every CONNACK is in. Sockets stay open until `close`. */
async function storm(port: number, credentials: Credentials): Promise<Storm & { close: () => void }> {
  const sockets: Socket[] = [];
  const started = performance.now();
  let last = 0;
  let refused = 0;
  await Promise.all(
    Array.from({ length: DISPLAYS }, (_, i) => {
      const packet = mqttPacket.generate({
        cmd: 'connect',
        protocolId: 'MQTT',
        protocolVersion: 4,
        clean: true,
        keepalive: 60,
        clientId: `screen-${i + 1}`,
        ...(credentials !== 'anonymous' && { username: deviceId(i), password: Buffer.from(PASSWORD) }),
      } as mqttPacket.IConnectPacket);
      return new Promise<void>((resolve) => {
        const socket = connect({ port, host: '127.0.0.1', localAddress: addressOf(i) }, () => socket.write(packet));
        sockets.push(socket);
        socket.once('data', (data) => {
          last = performance.now();
          if (data[0] !== 0x20 || data[3] !== 0) refused++;
          resolve();
        });
        socket.once('error', () => {
          refused++;
          resolve();
        });
        socket.once('close', () => resolve());
      });
    }),
  );
  return { lastConnack: last - started, refused, close: () => sockets.forEach((s) => s.destroy()) };
}


type StormRequest = { type: 'storm'; port: number; credentials: Credentials } | { type: 'close' };

export interface Displays {
  /** One storm; its sockets stay open until `close`. */
  storm(port: number, credentials: Credentials): Promise<Storm>;
  close(): void;
}

/** A forked process of displays, resolved once it is ready, so that starting it is not part of the storm. */
export async function displaysProcess(): Promise<Displays> {
  const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () =>
    new Promise<unknown>((resolve, reject) => {
      const exited = (code: number | null) => reject(new Error(`the displays' process exited with ${code}`));
      child.once('exit', exited);
      child.once('message', (message) => {
        child.off('exit', exited);
        resolve(message);
      });
    });
  await next();
  return {
    async storm(port, credentials) {
      const result = next();
      child.send({ type: 'storm', port, credentials } satisfies StormRequest);
      return (await result) as Storm;
    },
    close: () => child.send({ type: 'close' } satisfies StormRequest),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let close = () => {};
  process.on('message', async (message: StormRequest) => {
    if (message.type === 'close') {
      close();
      process.disconnect();
      return;
    }
    const { close: end, ...result } = await storm(message.port, message.credentials);
    close = end;
    process.send!(result);
  });
  process.send!('ready');
}
