/** The display's message catalogs; web-lib/languages.ts picks among them. */
import { languageCatalogs } from '../../../web-lib/languages.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import type { Messages } from './messages.ts';

export type { Messages } from './messages.ts';

/**
 * pickLanguages(address's lang=, site's, browser's): the languages to show and
 * speak, first one primary, regions kept for the voice (es-MX).
 */
export const { messagesFor, pickLanguages } = languageCatalogs<Messages, 'en' | 'es'>({ en, es }, 'en');
