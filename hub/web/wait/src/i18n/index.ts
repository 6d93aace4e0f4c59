/** The remote-wait page's message catalogs; web-lib/languages.ts picks among them. */
import { languageCatalogs } from '../../../../../web-lib/languages.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import type { Messages } from './messages.ts';

export type { Messages } from './messages.ts';

/** `languages`: every language the page can be read in. */
export const { languages: LANGUAGES, messagesFor, pickLanguages } = languageCatalogs<Messages, 'en' | 'es'>({ en, es }, 'en');
