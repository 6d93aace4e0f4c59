/**
 * Joining a line by texting a service's keyword to the site's number, through
 * a running hub and a GSM modem (a simulator on the far end of a socat pty
 * pair): the answer gives the ticket, the place, the estimate and the status
 * link; HELP lists the keywords; one visit per number and service; STOP is
 * honoured; the reply menu still works; the join page's flood limits apply.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSite } from '../../hub/site/demo.ts';
import { smsConfigSchema } from '../../hub/sms/config.ts';
import { gsmModemOnPty, type GsmModemSimulator } from '../helpers/gsm-modem-simulator.ts';
import { startTestHub, TEST_API_KEY, type TestHub } from '../helpers/hub.ts';

const PUBLIC_URL = 'https://lobby.example.org';
const ANA = '+12125550101';
const BEA = '+12125550102';
const CARL = '+12125550103';
const DORA = '+12125550104';
let hub: TestHub;
let modem: GsmModemSimulator;
let closeModem: () => Promise<void>;

beforeAll(async () => {
  const pty = await gsmModemOnPty();
  modem = pty.modem;
  closeModem = pty.close;
  const site = demoSite(TEST_API_KEY);
  site.publicUrl = PUBLIC_URL;
  site.remoteWait = { ...site.remoteWait, joinsPerClient: 2 };
  site.sms = smsConfigSchema.parse({
    gateway: { type: 'gsm-modem', path: pty.devicePath, commandTimeoutMs: 2_000, healthCheckMs: 1_000 },
    rules: { placeWithin: null, onCalled: false },
    joinKeywords: { reg: { en: ['REGISTER'], es: ['REGISTRO'] } },
    backoff: { firstSeconds: 0.05, maxSeconds: 0.2 },
  });
  hub = await startTestHub({ site });
  await hub.api('POST', '/counters/c1/status', { status: 'open' });
});
afterAll(async () => {
  await hub?.stop();
  await closeModem?.();
});

/** Texts `text` from `from` and returns the next text the hub sends back to that number. */
async function ask(from: string, text: string): Promise<string> {
  const before = modem.sent.filter((sms) => sms.to === from).length;
  modem.receive(from, text);
  await modem.until(() => modem.sent.filter((sms) => sms.to === from).length > before, `an answer to ${text}`);
  return modem.sent.filter((sms) => sms.to === from)[before]!.text;
}

const visitsOf = (phone: string) => Object.values(hub.engine.state.entries).filter((entry) => entry.phone === phone);

describe('joining by text', () => {
  it('joins the line for a keyword, with ticket, place, estimate and status link; a second keyword says where they are', async () => {
    await hub.api('POST', '/entries', { serviceId: 'lab', channel: 'kiosk' });
    const answer = await ask(ANA, ' lab ');
    const [visit] = visitsOf(ANA);
    expect(visit).toMatchObject({ serviceId: 'lab', channel: 'remote', via: 'text', language: 'en', status: 'waiting' });
    const view = (await hub.api('GET', `/entries/${visit!.id}`)).body;
    expect(view.position).toBe(2);
    const { lowMinutes, highMinutes } = view.estimate;
    expect(answer).toMatch(
      new RegExp(`^Demo Clinic: you are in line for Lab tests, ticket ${visit!.ticket}\\. You are number 2, about ${lowMinutes}(-${highMinutes})? min\\. Reply 1 on my way, 2 more time, 0 leave the line\\. Your place: ${PUBLIC_URL}/wait/#\\S+$`),
    );

    expect(await ask(ANA, 'LAB')).toMatch(new RegExp(`^Demo Clinic: you are already in line, ticket ${visit!.ticket}, number 2\\. Your place: ${PUBLIC_URL}/wait/#`));
    expect(visitsOf(ANA)).toHaveLength(1);

    // The reply menu is unchanged for someone in line.
    expect(await ask(ANA, '1')).toBe(`Thanks, staff can see ticket ${visit!.ticket} is on the way.`);
  });

  it('answers and enrols in Spanish for a Spanish keyword; HELP lists the keywords in the language asked', async () => {
    expect(await ask(BEA, 'AYUDA')).toBe(
      'Demo Clinic: mensajes sobre su turno. Envie ANALISIS, RAYOS o REGISTRO para unirse a una fila. Responda PARAR para dejarlos, START para volver.',
    );
    expect(await ask(BEA, 'HELP')).toBe(
      'Demo Clinic: texts about your place in line. Text LAB, XRAY or REGISTER to join a line. Reply STOP to stop, START to restart.',
    );
    const answer = await ask(BEA, 'Rayos!');
    const [visit] = visitsOf(BEA);
    expect(visit).toMatchObject({ serviceId: 'xray', language: 'es', via: 'text', channel: 'remote' });
    expect(answer).toMatch(new RegExp(`^Demo Clinic: ya esta en la fila de Rayos X, turno ${visit!.ticket}\\. Usted es el numero 1`));
    expect(answer).toContain(`Su lugar: ${PUBLIC_URL}/wait/#`);
    expect(await ask(BEA, '0')).toBe(`El turno ${visit!.ticket} dejo la fila. Gracias por avisarnos.`);
    expect(hub.engine.state.entries[visit!.id]!.status).toBe('cancelled');
  });

  it('joins nothing for a number that said STOP', async () => {
    await ask(CARL, 'STOP');
    modem.receive(CARL, 'XRAY');
    // HELP is always answered: once it is, the keyword before it has been handled.
    expect(await ask(CARL, 'HELP')).toContain('Text LAB, XRAY or REGISTER');
    expect(visitsOf(CARL)).toEqual([]);
  });

  it('counts joins by text against the join page limits for the number', async () => {
    await ask(DORA, 'LAB');
    await ask(DORA, 'XRAY');
    expect(await ask(DORA, 'REGISTER')).toBe('Sorry, that did not work: too many people are joining just now. Please try again in 10 min, or join at the kiosk.');
    expect(visitsOf(DORA).map((visit) => visit.serviceId).sort()).toEqual(['lab', 'xray']);
  });
});
