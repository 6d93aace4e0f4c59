/**
 * Calls to the hub's desk API (web-lib/session-api.ts): refusals worded in
 * the desk's language (web-lib/refusals).
 */
import { BACKGROUND_HEADER, CSRF_HEADER, DESK_API_PREFIX } from '../../../contract/desk.ts';
import { describeRefusal } from '../../../../web-lib/refusals/index.ts';
import { SessionApi } from '../../../../web-lib/session-api.ts';
import { deskLanguage, messages } from './messages.ts';

export type { ApiResult } from '../../../../web-lib/session-api.ts';

export class DeskApi extends SessionApi {
  /** `onSessionEnded` hears about a 401 from any call but the sign-in ones. */
  constructor(onSessionEnded: (message: string) => void) {
    super({
      prefix: DESK_API_PREFIX,
      csrfHeader: CSRF_HEADER,
      sessionPath: '/session',
      backgroundHeader: BACKGROUND_HEADER,
      describe: (error) => describeRefusal(error, deskLanguage, { withDetail: true }),
      unreachable: messages.results.unreachable,
      onSessionEnded,
    });
  }
}
