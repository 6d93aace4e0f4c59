/**
 * The outbox on real SQLite files: a key is stored once, failures are retried
 * with backoff up to a limit, and a hub killed while the gateway has a text
 * never sends that text again.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Database } from 'sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hubContext } from '../../hub/context.ts';
import { QueueEngine } from '../../hub/engine/engine.ts';
import { createLogger } from '../../hub/log.ts';
import { queueConfigOf } from '../../hub/site/config.ts';
import { demoSite } from '../../hub/site/demo.ts';
import { smsConfigSchema } from '../../hub/sms/config.ts';
import type { GatewayHandlers, OutgoingSms, SendResult, SmsGateway } from '../../hub/sms/gateway.ts';
import { maskPhone } from '../../hub/sms/mask-phone.ts';
import { startSmsNotifier } from '../../hub/sms/service.ts';
import { SmsOutbox, type NewOutboxText, type OutboxRow } from '../../hub/sms/outbox.ts';
import { OutboxSender, retryDelayMs, type RetryPolicy } from '../../hub/sms/outbox-sender.ts';
import { openSmsDatabase } from '../../hub/sms/sms-database.ts';
import { EventLog } from '../../hub/store/event-log.ts';
import { closeDatabase } from '../../hub/store/sqlite.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const moduleUrl = (path: string) => JSON.stringify(pathToFileURL(join(repoRoot, path)).href);

const RETRYABLE: SendResult = { ok: false, retryable: true, reason: 'modem busy' };
const REFUSED: SendResult = { ok: false, retryable: false, reason: 'number refused by the network' };
const ACCEPTED: SendResult = { ok: true, providerId: 'p-accepted' };

/** The gateway boundary: answers each send with the next scripted result (success once the script runs out). */
class ScriptedGateway implements SmsGateway {
  readonly description = 'scripted gateway';
  readonly sent: OutgoingSms[] = [];
  handlers: GatewayHandlers | undefined;
  constructor(private readonly script: Array<SendResult | Error> = []) {}
  async start(handlers: GatewayHandlers): Promise<void> {
    this.handlers = handlers;
    handlers.onHealth?.({ ok: true, message: '' });
  }
  async send(sms: OutgoingSms): Promise<SendResult> {
    this.sent.push(sms);
    const next = this.script.shift() ?? { ok: true, providerId: `p-${this.sent.length}` };
    if (next instanceof Error) throw next;
    return next;
  }
  async stop(): Promise<void> {}
}

const text = (n: number, extra: Partial<NewOutboxText> = {}): NewOutboxText => ({
  key: `e${n}:called:c1:${n}`,
  kind: 'called',
  entryId: `e${n}`,
  phone: `+1201555010${n}`,
  text: `Ticket L-00${n}, please go to Counter 1 now.`,
  ...extra,
});

let dir: string;
let db: Database;
let outbox: SmsOutbox;
let clock: number;
let senders: OutboxSender[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lobbyline-sms-outbox-'));
  db = await openSmsDatabase(join(dir, 'sms.sqlite'));
  outbox = new SmsOutbox(db);
  clock = Date.parse('2026-03-02T14:00:00Z');
  senders = [];
});

afterEach(async () => {
  await Promise.all(senders.map((sender) => sender.stop()));
  await closeDatabase(db).catch(() => {});
  await rm(dir, { recursive: true, force: true });
});

function senderFor(gateway: SmsGateway, retry: RetryPolicy, refusal: (row: OutboxRow) => string | null = () => null) {
  const failures: Array<{ key: string; attempts: number; reason: string; final: boolean }> = [];
  const sender = new OutboxSender({
    outbox,
    gateway,
    retry,
    now: () => clock,
    refusal,
    onFailure: (row, reason, final) => failures.push({ key: row.key, attempts: row.attempts, reason, final }),
    onError: (error) => {
      throw error;
    },
  });
  senders.push(sender);
  const sendDue = async () => {
    sender.wake();
    await sender.idle();
  };
  return { sender, failures, sendDue };
}

/** A notifier over a real engine on `dbPath`, logging into `logLines`; `close` stops both. */
async function startNotifierOn(dbPath: string, gateway: SmsGateway, logLines: string[]) {
  const site = demoSite();
  const log = await EventLog.open(join(dir, 'events.sqlite'));
  const engine = await QueueEngine.open({ config: queueConfigOf(site), log });
  const notifier = await startSmsNotifier({
    engine,
    site,
    config: smsConfigSchema.parse({ gateway: { type: 'console' } }),
    gateway,
    dbPath,
    act: async () => ({ ok: true }),
    context: hubContext({ logger: createLogger('info', (line) => logLines.push(line)) }),
  });
  const close = async () => {
    await notifier.stop();
    await engine.close();
    await log.close();
  };
  return { notifier, close };
}

const firstWarning = (logLines: string[]) => logLines.map((line) => JSON.parse(line)).find((entry) => entry.level === 'warn');

describe('SmsOutbox', () => {
  it('stores a key once, also after the file is reopened', async () => {
    expect(await outbox.enqueue(text(1), clock)).toBe(true);
    expect(await outbox.enqueue(text(1, { text: 'something else' }), clock)).toBe(false);
    await closeDatabase(db);
    db = await openSmsDatabase(join(dir, 'sms.sqlite'));
    outbox = new SmsOutbox(db);
    expect(await outbox.enqueue(text(1), clock + 1)).toBe(false);
    expect(await outbox.countByStatus()).toMatchObject({ pending: 1 });
    expect((await outbox.nextDue(clock))?.text).toBe('Ticket L-001, please go to Counter 1 now.');
  });
});

describe('OutboxSender', () => {
  const retry: RetryPolicy = { maxAttempts: 4, firstDelayMs: 5_000, maxDelayMs: 12_000 };

  it('doubles the wait between tries up to the most it may wait', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(retry, attempt))).toEqual([5_000, 10_000, 12_000, 12_000]);
  });

  it('retries a failure that may pass, each time after the backoff, until it is sent', async () => {
    const gateway = new ScriptedGateway([RETRYABLE, RETRYABLE, RETRYABLE]);
    const { failures, sendDue } = senderFor(gateway, retry);
    await outbox.enqueue(text(1), clock);
    const start = clock;
    for (const wait of [0, 5_000, 10_000, 12_000]) {
      clock += wait - 1;
      const before = gateway.sent.length;
      await sendDue();
      expect(gateway.sent.length, `not before ${wait} ms`).toBe(before);
      clock += 1;
      await sendDue();
      expect(gateway.sent.length).toBe(before + 1);
    }
    expect(clock - start).toBe(27_000);
    expect(gateway.sent.map((sms) => sms.idempotencyKey)).toEqual(Array(4).fill('e1:called:c1:1'));
    expect(failures.map((f) => [f.attempts, f.final])).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
    expect(await outbox.countByStatus()).toMatchObject({ sent: 1, pending: 0 });
  });

  it('gives up after maxAttempts, and fails at once what cannot pass, while later texts go on', async () => {
    const gateway = new ScriptedGateway([RETRYABLE, REFUSED, ACCEPTED, RETRYABLE, RETRYABLE]);
    const { failures, sendDue } = senderFor(gateway, { ...retry, maxAttempts: 3 });
    await outbox.enqueue(text(1), clock);
    await outbox.enqueue(text(2), clock);
    await outbox.enqueue(text(3), clock);
    for (let i = 0; i < 5; i++) {
      await sendDue();
      clock += retry.maxDelayMs;
    }
    expect(gateway.sent.map((sms) => sms.to)).toEqual(['+12015550101', '+12015550102', '+12015550103', '+12015550101', '+12015550101']);
    expect(failures).toEqual([
      { key: 'e1:called:c1:1', attempts: 1, reason: 'modem busy', final: false },
      { key: 'e2:called:c1:2', attempts: 1, reason: 'number refused by the network', final: true },
      { key: 'e1:called:c1:1', attempts: 2, reason: 'modem busy', final: false },
      { key: 'e1:called:c1:1', attempts: 3, reason: 'modem busy', final: true },
    ]);
    expect(await outbox.countByStatus()).toMatchObject({ sent: 1, failed: 2, pending: 0 });
  });

  it('does not try again when the gateway throws, as the text may have gone', async () => {
    const gateway = new ScriptedGateway([new Error('serial port closed')]);
    const { failures, sendDue } = senderFor(gateway, retry);
    await outbox.enqueue(text(1), clock);
    await sendDue();
    clock += retry.maxDelayMs;
    await sendDue();
    expect(gateway.sent).toHaveLength(1);
    expect(failures).toEqual([expect.objectContaining({ final: true, reason: expect.stringContaining('not tried again') })]);
  });

  it('cancels texts to a number that opted out, stored before or after, but not the confirmation of it', async () => {
    const gateway = new ScriptedGateway();
    const optedOut = '+12015550109';
    const { sendDue } = senderFor(gateway, retry, (row) => (row.phone === optedOut && row.kind !== 'opted-out' ? 'opted out' : null));
    await outbox.enqueue(text(1), clock);
    await outbox.enqueue(text(2, { phone: optedOut }), clock);
    await outbox.enqueue(text(3, { kind: 'opted-out', phone: optedOut, entryId: null, key: 'reply:1' }), clock);
    expect(await outbox.cancelPendingTo(optedOut, 'opted out', clock, ['opted-out'])).toBe(1);
    await outbox.enqueue(text(4, { phone: optedOut }), clock);
    await sendDue();
    expect(gateway.sent.map((sms) => [sms.to, sms.idempotencyKey])).toEqual([
      ['+12015550101', 'e1:called:c1:1'],
      [optedOut, 'reply:1'],
    ]);
    expect(await outbox.countByStatus()).toMatchObject({ sent: 2, cancelled: 2 });
  });
});

describe('a hub killed while the gateway has a text', () => {
  it('never sends that text again after the restart, says so, and sends what was still waiting', async () => {
    const dbPath = join(dir, 'killed.sqlite');
    const childPath = join(dir, 'sender.mts');
    await writeFile(
      childPath,
      `import { openSmsDatabase } from ${moduleUrl('hub/sms/sms-database.ts')};
import { SmsOutbox } from ${moduleUrl('hub/sms/outbox.ts')};
import { OutboxSender } from ${moduleUrl('hub/sms/outbox-sender.ts')};
const outbox = new SmsOutbox(await openSmsDatabase(process.argv[2]));
for (const n of [1, 2]) {
  await outbox.enqueue({ key: 'e' + n + ':called:c1:1', kind: 'called', entryId: 'e' + n, phone: '+1201555010' + n, text: 'Please go to Counter 1' }, Date.now());
}
// A modem that has taken the text and not answered yet.
const gateway = {
  description: 'silent modem', start: async () => {}, stop: async () => {},
  send: (sms) => { process.stdout.write('gateway has ' + sms.idempotencyKey + '\\n'); return new Promise(() => {}); },
};
const retry = { maxAttempts: 3, firstDelayMs: 1000, maxDelayMs: 1000 };
new OutboxSender({ outbox, gateway, retry, now: Date.now, refusal: () => null, onFailure: () => {}, onError: (e) => { console.error(e); process.exit(1); } }).wake();
setInterval(() => {}, 60_000);
`,
    );
    const child = spawn(process.execPath, ['--import', 'tsx', childPath, dbPath], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) child.kill('SIGKILL');
    });
    const exit = await new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    expect(exit, stderr).toBe('SIGKILL');
    expect(stdout).toBe('gateway has e1:called:c1:1\n');

    const gateway = new ScriptedGateway();
    const logLines: string[] = [];
    const { notifier, close } = await startNotifierOn(dbPath, gateway, logLines);
    try {
      await notifier.flush();
      expect(gateway.sent.map((sms) => sms.idempotencyKey)).toEqual(['e2:called:c1:1']);
      expect(notifier.health().detail).toBe('1 text failed in the last hour');
      expect(firstWarning(logLines)).toMatchObject({ message: 'SMS may not have been sent: the hub stopped while the gateway had it', to: maskPhone('+12015550101') });
    } finally {
      await close();
    }
  });
});

describe('delivery reports', () => {
  it('count a text the network could not deliver as failed, and log it with numbers masked', async () => {
    const gateway = new ScriptedGateway();
    const logLines: string[] = [];
    const { notifier, close } = await startNotifierOn(join(dir, 'delivery.sqlite'), gateway, logLines);
    try {
      await notifier.handleIncoming({ from: '+12015550199', text: 'HELP' });
      await notifier.flush();
      expect(gateway.sent).toHaveLength(1);
      gateway.handlers!.onDelivery!({ providerId: 'p-1', status: 'delivered' });
      await notifier.flush();
      expect(notifier.health().detail).toBeNull();
      gateway.handlers!.onDelivery!({ providerId: 'p-1', status: 'undelivered', reason: 'Unreachable: +1 201 555 0199' });
      await notifier.flush();
      expect(notifier.health().detail).toBe('1 text failed in the last hour');
      expect(firstWarning(logLines)).toMatchObject({ message: 'SMS not delivered', to: maskPhone('+12015550199'), reason: `Unreachable: ${maskPhone('+12015550199')}` });
    } finally {
      await close();
    }
  });
});

describe('a gateway that cannot start', () => {
  it('leaves the hub running, with the reason in the health for the staff alert', async () => {
    const gateway = new ScriptedGateway();
    gateway.start = async () => {
      throw new Error('no modem answers on /dev/ttyUSB2');
    };
    const logLines: string[] = [];
    const { notifier, close } = await startNotifierOn(join(dir, 'broken.sqlite'), gateway, logLines);
    try {
      expect(notifier.health()).toMatchObject({ connected: false, detail: 'scripted gateway could not start: no modem answers on /dev/ttyUSB2' });
      expect(logLines.map((line) => JSON.parse(line).message)).toContain('SMS gateway could not start');
    } finally {
      await close();
    }
  });
});
