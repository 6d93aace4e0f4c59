/**
 * Calls to the console's HTTP API (contact-center/api.ts, through
 * web-lib/session-api.ts): refusals worded in the console's language (refusals.ts).
 */
import { SessionApi } from '../../../web-lib/session-api.ts';
import { CONSOLE_CSRF_HEADER, CONSOLE_ROUTES } from '../../api.ts';
import { messages } from './messages.ts';
import { consoleRefusal } from './refusals.ts';

export class ConsoleApi extends SessionApi {
  /** `onSessionEnded` hears about a 401 from any call but the session's own. */
  constructor(onSessionEnded: (message: string) => void) {
    super({
      prefix: '',
      csrfHeader: CONSOLE_CSRF_HEADER,
      sessionPath: CONSOLE_ROUTES.session,
      describe: (error) => consoleRefusal(error, { withDetail: true }),
      unreachable: messages.results.unreachable,
      onSessionEnded,
    });
  }
}
