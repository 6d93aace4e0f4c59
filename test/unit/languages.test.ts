/** How every browser app picks its language (web-lib/languages.ts): the same rules for the display, kiosk, wait page and desk. */
import { describe, expect, it } from 'vitest';
import { baseLanguage, languageCatalogs, pickLanguage } from '../../web-lib/languages.ts';

const { languages, messagesFor, pickLanguages } = languageCatalogs({ en: { hello: 'Hello' }, es: { hello: 'Hola' } }, 'en');

describe('base languages', () => {
  it('reads a BCP 47 tag by its base language, in any case', () => {
    expect(baseLanguage('es-MX')).toBe('es');
    expect(baseLanguage('es-419')).toBe('es');
    expect(baseLanguage('EN-us')).toBe('en');
    expect(baseLanguage('es')).toBe('es');
  });
});

describe('catalogs', () => {
  it('finds the words of a regional tag in its base language', () => {
    expect(messagesFor('es-MX').hello).toBe('Hola');
    expect(messagesFor('ES').hello).toBe('Hola');
  });

  it('falls back to the fallback language for a language it has no words for', () => {
    expect(messagesFor('fr').hello).toBe('Hello');
    expect(messagesFor('').hello).toBe('Hello');
    expect(messagesFor('constructor').hello).toBe('Hello');
  });

  it('lists the languages it has words for', () => {
    expect(languages).toEqual(['en', 'es']);
  });
});

describe('the languages to use', () => {
  it('takes the first preference with a language the app speaks, in its order, without repeats', () => {
    expect(pickLanguages(['es', 'en', 'es'])).toEqual(['es', 'en']);
    expect(pickLanguages(null, undefined, ['fr'], ['fr', 'en'], ['es'])).toEqual(['en']);
  });

  it('keeps a regional tag as given, for a voice of that region', () => {
    expect(pickLanguages(['es-MX', 'en'])).toEqual(['es-MX', 'en']);
  });

  it('falls back when no preference names a language the app speaks', () => {
    expect(pickLanguages()).toEqual(['en']);
    expect(pickLanguages(['fr', 'de'], [])).toEqual(['en']);
  });
});

describe('the one language to use among those offered', () => {
  it('prefers the person’s choice, then their browser’s languages, matched by base language', () => {
    expect(pickLanguage(['en', 'es'], 'es', ['en-US'])).toBe('es');
    expect(pickLanguage(['en', 'es'], null, ['es-MX', 'en'])).toBe('es');
    expect(pickLanguage(['en', 'es'], 'fr', ['de-DE', 'es-419'])).toBe('es');
  });

  it('returns the offered language, not the preference’s tag', () => {
    expect(pickLanguage(['en', 'es'], 'es-MX')).toBe('es');
  });

  it('falls back to the first offered', () => {
    expect(pickLanguage(['es', 'en'], null, ['fr'])).toBe('es');
    expect(pickLanguage(['es', 'en'])).toBe('es');
  });
});
