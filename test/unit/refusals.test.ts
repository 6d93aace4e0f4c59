/**
 * Hub refusals travel as a reason key with parameters beside the English
 * message, and each app words them in the person's language: the reasons the
 * queue gives, their wording in English and Spanish, the staff name the desk
 * adds, texts, and that every catalog (refusals and each app's own words) has
 * every key in every language.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, lobbylineError, type LobbylineError, type Refusal } from '../../hub/contract/index.ts';
import { parseSiteConfig } from '../../hub/site/config.ts';
import { DEMO_SITE_FILE } from '../../hub/site/demo.ts';
import { smsText } from '../../hub/sms/templates.ts';
import { en as deskEn } from '../../hub/web/desk/src/messages.ts';
import { es as deskEs } from '../../hub/web/desk/src/messages-es.ts';
import { en as waitEn } from '../../hub/web/wait/src/i18n/en.ts';
import { es as waitEs } from '../../hub/web/wait/src/i18n/es.ts';
import { en as displayEn } from '../../display/src/i18n/en.ts';
import { es as displayEs } from '../../display/src/i18n/es.ts';
import { en as kioskEn } from '../../kiosk/app/src/i18n/en.ts';
import { es as kioskEs } from '../../kiosk/app/src/i18n/es.ts';
import { describeRefusal, REFUSAL_CATALOGS } from '../../web-lib/refusals/index.ts';
import { clinicConfig, Line } from '../helpers/queue.ts';

/** A clinic whose counters have Spanish names, as the demo site gives them. */
function spanishNamedLine(): Line {
  const config = clinicConfig();
  config.counters = config.counters.map((c) => ({ ...c, names: { es: c.name.replace('Counter', 'Ventanilla') } }));
  config.services = config.services.map((s) => (s.id === 'lab' ? { ...s, name: { en: 'Lab', es: 'Laboratorio' } } : s));
  return new Line(config);
}

function refusalOf(decision: ReturnType<Line['run']>): LobbylineError {
  if (decision.ok) throw new Error('the command was accepted');
  return decision.error;
}

describe('queue refusals', () => {
  it('give more time to the last person: a reason with the ticket, worded in English and Spanish', () => {
    const line = spanishNamedLine();
    const me = line.enroll('lab', { channel: 'remote' });
    const error = refusalOf(line.run({ type: 'more-time', entryId: me }));
    expect(error).toEqual({
      code: 'invalid_state',
      reason: 'entry.already_last',
      params: { ticket: 'L-001' },
      message: 'L-001 is already last in line',
    });
    expect(describeRefusal(error, 'en')).toBe('L-001 is already last in line');
    expect(describeRefusal(error, 'es-MX')).toBe('L-001 ya está al final de la fila');
  });

  it('calling someone already called says to which counter, and who called them (the desk turns the id into a name)', () => {
    const line = spanishNamedLine();
    line.open('c1', 'c2');
    const entryId = line.enroll('lab');
    line.ok({ type: 'call-next', counterId: 'c2' });
    const error = refusalOf(line.run({ type: 'call-entry', counterId: 'c1', entryId }));
    expect(error.message).toBe('Cannot call L-001: it is already called to Counter 2');
    expect(error).toMatchObject({
      reason: 'entry.wrong_status',
      params: { action: 'call', entry: { ticket: 'L-001' }, status: 'called', counter: { name: 'Counter 2', names: { es: 'Ventanilla 2' } }, by: 'tester' },
    });
    const named = { ...error, params: { ...error.params, by: 'Ana' } };
    expect(describeRefusal(named, 'en')).toBe('Cannot call L-001: it is already called to Counter 2 (by Ana)');
    expect(describeRefusal(named, 'es')).toBe('No se puede llamar a L-001: ya fue llamado a Ventanilla 2 (por Ana)');

    line.ok({ type: 'start-serving', entryId });
    const serving = refusalOf(line.run({ type: 'no-show', entryId }));
    expect(serving.message).toBe('Cannot mark as no-show L-001: it is already being served at Counter 2');
    expect(describeRefusal(serving, 'es')).toBe('No se puede marcar que L-001 no se presentó: ya está en atención en Ventanilla 2 (por tester)');
  });

  it('word counters, services and counts from their parameters', () => {
    const line = spanishNamedLine();
    line.open('c3');
    expect(describeRefusal(refusalOf(line.run({ type: 'call-next', counterId: 'c1' })), 'es')).toBe('Ventanilla 1 está cerrada: ábrala antes de llamar');
    expect(describeRefusal(refusalOf(line.run({ type: 'call-next', counterId: 'c3' })), 'es')).toBe('Nadie está esperando para Ventanilla 3');
    const entryId = line.enroll('lab');
    line.ok({ type: 'transfer', entryId, toServiceId: 'xray', keepPlace: false });
    const back = line.run({ type: 'transfer', entryId, toServiceId: 'xray', keepPlace: false });
    expect(describeRefusal(refusalOf(back), 'en')).toBe('L-001 is already in the line for X-ray');
    const move = refusalOf(line.run({ type: 'move', entryId, toPosition: 3 }));
    expect(describeRefusal(move, 'es')).toBe('No se puede mover L-001 al lugar 3: la fila tiene 1 persona');
  });

  it('a refusal with no reason is the hub’s message in English and a general sentence in Spanish, never half of each', () => {
    const old = lobbylineError('conflict', "There is already a staff account 'ana'");
    expect(describeRefusal(old, 'en')).toBe("There is already a staff account 'ana'");
    expect(describeRefusal(old, 'es')).toBe('Choca con algo que ya existe');
    expect(describeRefusal(old, 'es', { withDetail: true })).toBe("Choca con algo que ya existe (There is already a staff account 'ana')");
    // Parameters from another version of the hub fall back the same way.
    expect(describeRefusal({ code: 'invalid_state', reason: 'entry.wrong_status', params: {}, message: 'x' }, 'es')).toBe('Eso no es posible en este momento');
    expect(describeRefusal({ code: 'invalid_state', reason: 'no.such_reason', params: {}, message: 'x' }, 'es')).toBe('Eso no es posible en este momento');
  });

  it('a desk session that ended says why, in the desk’s language', () => {
    const ended = lobbylineError('unauthorized', 'You were signed out after a period without activity. Sign in to continue.', {
      reason: 'session.ended',
      params: { why: 'idle' },
    });
    expect(describeRefusal(ended, 'en')).toBe(ended.message);
    expect(describeRefusal(ended, 'es')).toBe('Se cerró su sesión tras un período sin actividad. Inicie sesión para continuar.');
  });

  it('texts word a refusal from its reason in Spanish', () => {
    const line = spanishNamedLine();
    const me = line.enroll('lab', { channel: 'remote', language: 'es' });
    const error = refusalOf(line.run({ type: 'more-time', entryId: me }));
    const why = { reason: error.reason, params: error.params } as Refusal;
    expect(smsText({ kind: 'refused', reason: error.message, why }, 'es', { name: 'Clinica', timeZone: 'UTC' })).toBe('Lo sentimos, no fue posible: L-001 ya esta al final de la fila');
    expect(smsText({ kind: 'refused', reason: error.message, why }, 'en', { name: 'Clinic', timeZone: 'UTC' })).toBe('Sorry, that did not work: L-001 is already last in line');
  });
});

describe('counter names in the site file', () => {
  const site = (counters: unknown[]) => ({
    siteId: 's',
    name: 'S',
    timezone: 'UTC',
    services: [{ id: 'lab', prefix: 'L', name: { en: 'Lab' } }],
    counters,
  });

  it('takes one name per language like a service, or a plain name with optional translations', () => {
    const parsed = parseSiteConfig(
      site([
        { id: 'c1', name: { en: 'Counter 1', es: 'Ventanilla 1' }, serviceIds: ['lab'] },
        { id: 'c2', name: 'Counter 2', serviceIds: ['lab'] },
        { id: 'c3', name: 'Counter 3', names: { es: 'Ventanilla 3' }, serviceIds: ['lab'] },
      ]),
    );
    expect(parsed.counters).toEqual([
      { id: 'c1', name: 'Counter 1', names: { en: 'Counter 1', es: 'Ventanilla 1' }, serviceIds: ['lab'] },
      { id: 'c2', name: 'Counter 2', serviceIds: ['lab'] },
      { id: 'c3', name: 'Counter 3', names: { es: 'Ventanilla 3' }, serviceIds: ['lab'] },
    ]);
  });

  it('needs the English name in a per-language name', () => {
    expect(() => parseSiteConfig(site([{ id: 'c1', name: { es: 'Ventanilla 1' }, serviceIds: ['lab'] }]))).toThrow(/English name/);
  });

  it('the demo site names its counters in Spanish', () => {
    const demo = parseSiteConfig(JSON.parse(readFileSync(DEMO_SITE_FILE, 'utf8')));
    expect(demo.counters.map((c) => c.names?.es)).toEqual(['Ventanilla 1', 'Ventanilla 2', 'Ventanilla 3']);
  });
});

/** Every key path of a catalog: nested objects walked, arrays by length, functions and strings as leaves. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return [`${prefix}[${value.length}]`];
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, inner]) => keyPaths(inner, prefix ? `${prefix}.${key}` : key));
}

describe('catalogs are complete in every language', () => {
  const catalogs = {
    refusals: REFUSAL_CATALOGS,
    kiosk: { en: kioskEn, es: kioskEs },
    display: { en: displayEn, es: displayEs },
    wait: { en: waitEn, es: waitEs },
    desk: { en: deskEn, es: deskEs },
  };
  for (const [app, { en, es }] of Object.entries(catalogs)) {
    it(`${app}: Spanish has every English key and no other`, () => {
      expect(keyPaths(es).sort()).toEqual(keyPaths(en).sort());
    });
  }

  it('refusals: a wording for every error code', () => {
    for (const catalog of Object.values(REFUSAL_CATALOGS)) expect(Object.keys(catalog.codes).sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });

  it('the walk notices a missing key', () => {
    const { nowServing: _gone, ...partial } = displayEs;
    expect(keyPaths(partial).sort()).not.toEqual(keyPaths(displayEn).sort());
  });
});
