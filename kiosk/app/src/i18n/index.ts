/** The kiosk's message catalogs, one per language it can be used in; web-lib/languages.ts picks among them. */
import { languageCatalogs } from '../../../../web-lib/languages.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import type { Messages } from './messages.ts';

export type { Messages } from './messages.ts';

/** pickLanguages(site's): the languages offered, the site's first; English when the site has none the kiosk speaks. */
export const { messagesFor, pickLanguages } = languageCatalogs<Messages, 'en' | 'es'>({ en, es }, 'en');
