/**
 * CONNECT: who is this? The MQTT username is the device id from the site file
 * and the password is checked against its hash, a SHA-256 for the long random
 * passwords provisioning makes, scrypt for older ones (access/secret-checker.ts
 * remembers a pair that checked out and limits failures per address before
 * any hashing). Without a username a client is anonymous, which the site may
 * allow for read-only public topics, with a clean session only. A client id
 * that names a device is that device's alone (hub/access/client-id-rights.ts).
 *
 * Return codes (MQTT 3.1.1 §3.2.2.3): 2 identifier rejected, 3 server
 * unavailable, 4 bad user name or password, 5 not authorized.
 */
import type { Aedes, AedesOptions, AuthenticateError, Client } from 'aedes';
import { parseTopic } from '../contract/index.ts';
import { ANONYMOUS, canPublish, clientIdRefusal, isTopicLevel, type DeviceIdentity } from '../access/index.ts';
import { tooManyFailuresMessage } from '../access/failure-limit.ts';
import { SecretChecker } from '../access/secret-checker.ts';
import { dateOf } from '../context.ts';
import { parseDeviceStatus } from './device-status.ts';
import { dropPendingWill, pendingWill, type Sessions } from './sessions.ts';
import type { BrokerLog, DeviceRecord } from './types.ts';

/** Client ids become a topic level (reply/{clientId}), so they are kept short and free of / + #. */
export const MAX_CLIENT_ID_LENGTH = 128;

type ReturnCode = 2 | 3 | 4 | 5;
type Resolution = { ok: true; identity: DeviceIdentity } | { ok: false; returnCode: ReturnCode; message: string };

export interface AuthenticateDeps {
  aedes: Aedes;
  siteId: string;
  sessions: Sessions;
  findDevice: (username: string) => DeviceRecord | undefined;
  allowAnonymousPublicRead: boolean;
  log: BrokerLog;
  clock: () => number;
}

/** Notes the client id as sent: aedes has replaced an empty one by the time `authenticate` runs. */
export function createPreConnect(sessions: Sessions): NonNullable<AedesOptions['preConnect']> {
  return (client, packet, callback) => {
    sessions.noteConnect(client, { requestedClientId: packet.clientId ?? '', clean: packet.clean !== false });
    callback(null, true);
  };
}

export function createAuthenticate(deps: AuthenticateDeps): NonNullable<AedesOptions['authenticate']> {
  const { sessions, log } = deps;
  const checker = new SecretChecker(deps.clock, undefined, 'fast');
  return (client, username, password, done) => {
    const refuse = (returnCode: ReturnCode, message: string) => {
      log('info', 'MQTT connection refused', { clientId: client.id, username, returnCode, reason: message });
      done(authError(returnCode, message), false);
    };

    const idProblem = clientIdProblem(client, sessions);
    if (idProblem) return refuse(2, idProblem);

    resolveIdentity(deps, checker, addressOf(client), username, password).then(
      (resolution) => {
        if (!resolution.ok) return refuse(resolution.returnCode, resolution.message);
        const { identity } = resolution;
        const reserved = clientIdRefusal(identity, client.id, (id) => deps.findDevice(id) !== undefined);
        if (reserved) return refuse(2, reserved);
        if (identity.role === 'anonymous' && sessions.connectFacts(client)?.clean === false) {
          // A session kept for a reader nobody knows is memory anyone can claim. Treating clean=false as clean
          // would break [MQTT-3.1.2-4] (keep the session after the client leaves), so the CONNECT is refused
          // as not authorized (§3.1.4: the Server MAY perform authorization checks) and closed [MQTT-3.2.2-5].
          return refuse(5, 'Anonymous clients must connect with a clean session');
        }
        const holder = clientHolding(deps.aedes, client.id);
        const holderIdentity = holder && holder !== client ? sessions.identityOf(holder) : undefined;
        if (holder && holder !== client && !(holderIdentity && sameDevice(holderIdentity, identity))) {
          // MQTT would let the newcomer take the session over; across devices that would hand it the other's replies.
          return refuse(2, `Client id ${client.id} is in use by another device`);
        }
        checkWill(deps, client, identity);
        sessions.setIdentity(client, identity);
        done(null, true);
      },
      (error: unknown) => {
        log('error', 'MQTT authentication failed', { clientId: client.id, error: error instanceof Error ? error.message : String(error) });
        refuse(3, 'The hub could not check these credentials');
      },
    );
  };
}

function clientIdProblem(client: Client, sessions: Sessions): string | null {
  const facts = sessions.connectFacts(client);
  if (facts && facts.requestedClientId === '' && !facts.clean) {
    // [MQTT-3.1.3-8]. aedes itself accepts this and invents a random id for a session nobody can ever resume.
    return 'A client id is required when clean session is false';
  }
  if (client.id.length > MAX_CLIENT_ID_LENGTH) return `Client ids must be at most ${MAX_CLIENT_ID_LENGTH} characters`;
  if (!isTopicLevel(client.id)) return "Client ids must not contain '/', '+' or '#'";
  return null;
}

async function resolveIdentity(
  deps: AuthenticateDeps,
  checker: SecretChecker,
  address: string,
  username: string | undefined,
  password: Readonly<Buffer | undefined>,
): Promise<Resolution> {
  if (username === undefined || username === '') {
    if (password !== undefined && password.length > 0) return { ok: false, returnCode: 4, message: 'A password was sent without a username' };
    if (!deps.allowAnonymousPublicRead) {
      return { ok: false, returnCode: 5, message: 'This hub does not accept anonymous clients; connect with a device id and password' };
    }
    return { ok: true, identity: ANONYMOUS };
  }
  const device = deps.findDevice(username);
  const check = await checker.check(address, username, password ? Buffer.from(password).toString('utf8') : '', device?.secretHash);
  if (check.ok && device) return { ok: true, identity: device.identity };
  if (!check.ok && check.retryInMs !== null) return { ok: false, returnCode: 5, message: tooManyFailuresMessage(check.retryInMs) };
  return { ok: false, returnCode: 4, message: 'Bad device id or password' };
}

/**
 * A Last Will is published after the device is gone, with nobody to tell if it
 * is refused, so it is checked here: only the device's own status topic with a
 * valid status. Anything else is dropped (and logged) while the connection is accepted.
 */
function checkWill(deps: AuthenticateDeps, client: Client, identity: DeviceIdentity): void {
  const will = pendingWill(client);
  if (!will) return;
  const permission = canPublish(deps.siteId, identity, client.id, will.topic);
  let problem: string | null = permission.ok ? null : permission.reason;
  if (!problem && parseTopic(deps.siteId, will.topic)?.kind !== 'device-status') {
    problem = "A Last Will may only be the device's own status topic";
  }
  if (!problem) {
    const status = parseDeviceStatus(identity.deviceId, will.payload, dateOf(deps.clock), true);
    if (!status.ok) problem = status.message;
  }
  if (problem) {
    dropPendingWill(client);
    deps.log('warn', 'Last Will ignored', { clientId: client.id, deviceId: identity.deviceId, topic: will.topic, reason: problem });
  }
}

function sameDevice(a: DeviceIdentity, b: DeviceIdentity): boolean {
  return a.role === b.role && a.deviceId === b.deviceId;
}

function clientHolding(aedes: Aedes, clientId: string): Client | undefined {
  return (aedes as unknown as { clients: Record<string, Client | undefined> }).clients[clientId];
}

function authError(returnCode: ReturnCode, message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode: returnCode as AuthenticateError['returnCode'] });
}

/** The address the connection came from (TCP or WebSocket: listeners.ts passes it to the frame limiter). */
function addressOf(client: Client): string {
  return (client.conn as { remoteAddress?: string } | undefined)?.remoteAddress ?? 'unknown';
}
