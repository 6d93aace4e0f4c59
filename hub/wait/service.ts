/**
 * Remote waiting, put together: status links, flood limits, the join page's
 * view of the site, and keeping links only as long as their visits (plus a
 * few hours, so a person can still see how theirs ended).
 */
import type { WaitSite } from '../contract/wait.ts';
import { statusPath } from '../contract/wait.ts';
import type { QueueEngine } from '../engine/engine.ts';
import type { HubContext } from '../context.ts';
import type { Logger } from '../log.ts';
import type { QueueEvent } from '../queue/model.ts';
import type { SiteConfig } from '../site/config.ts';
import { JoinLimits } from './join-limits.ts';
import { WaitLinks } from './links.ts';
import { waitSite, type RemoteWaitSettings } from './waiter-view.ts';

const FINISHING_EVENTS = new Set(['entry.completed', 'entry.no-show', 'entry.cancelled']);
/**
 * Unknown tokens tried from one address before its further unknown tokens are
 * refused: guessing 144 bits is hopeless anyway, this keeps the work
 * and the log small. A real token always opens (live.ts).
 */
const LOOKUPS_PER_CLIENT = 30;

export interface RemoteWaitOptions {
  engine: QueueEngine;
  site: SiteConfig;
  /** The status links' own SQLite file, e.g. `{data-dir}/{site}.remote.sqlite`. */
  linksPath: string;
  /** Where phones reach the hub (public-address.ts), without a trailing slash; known once the hub listens. */
  publicUrl: () => string;
  /** For numbers typed without a country code. */
  defaultCountry: string;
  context: HubContext;
}

export class RemoteWait {
  readonly engine: QueueEngine;
  readonly links: WaitLinks;
  readonly joinLimits: JoinLimits;
  /** Unknown links tried per address (a guessing client is turned away; a real link never is). */
  readonly lookupLimits: JoinLimits;
  readonly settings: RemoteWaitSettings;
  readonly defaultCountry: string;
  readonly now: () => number;
  private readonly linkHoursAfterVisit: number;
  private readonly publicUrl: () => string;
  private readonly logger: Logger;
  private purgeTimer: NodeJS.Timeout | undefined;
  /** Link expiries in commit order: a visit's end and its undo must not be stored the other way round. */
  private expiries: Promise<void> = Promise.resolve();

  static async open(options: RemoteWaitOptions): Promise<RemoteWait> {
    return new RemoteWait(options, await WaitLinks.open(options.linksPath));
  }

  private constructor(options: RemoteWaitOptions, links: WaitLinks) {
    const policy = options.site.remoteWait;
    this.engine = options.engine;
    this.links = links;
    this.now = options.context.clock;
    this.defaultCountry = options.defaultCountry;
    this.logger = options.context.logger;
    const windowMs = policy.joinWindowMinutes * 60_000;
    this.joinLimits = new JoinLimits({ perClient: policy.joinsPerClient, perSite: policy.joinsPerSite, windowMs });
    this.lookupLimits = new JoinLimits({ perClient: LOOKUPS_PER_CLIENT, perSite: Number.MAX_SAFE_INTEGER, windowMs });
    this.settings = { siteName: options.site.name, languages: options.site.languages, noShowGraceMinutes: policy.noShowGraceMinutes, sendsTexts: options.site.sms !== undefined };
    this.linkHoursAfterVisit = policy.linkHoursAfterVisit;
    this.publicUrl = options.publicUrl;
    options.engine.onCommitted((events) => {
      this.expiries = this.expiries.then(() => this.expireFinished(events));
    });
    this.purgeTimer = setInterval(() => void this.links.purgeExpired(this.now()).catch((error: Error) => this.warn('forget expired status links', error)), 10 * 60_000);
    this.purgeTimer.unref();
  }

  site(): WaitSite {
    return waitSite(this.engine.state, this.engine.config, this.settings);
  }

  /** The status link of an entry, for its ticket's QR code or a text. */
  async statusUrl(entryId: string): Promise<string> {
    return `${this.publicUrl()}${statusPath(await this.links.issue(entryId, this.now()))}`;
  }

  /** The site's own join page, e.g. for the poster at the entrance. */
  joinUrl(serviceId?: string): string {
    return `${this.publicUrl()}/wait/${serviceId ? `?service=${encodeURIComponent(serviceId)}` : ''}`;
  }

  async close(): Promise<void> {
    clearInterval(this.purgeTimer);
    await this.expiries;
    await this.links.close();
  }

  private async expireFinished(events: readonly QueueEvent[]): Promise<void> {
    for (const event of events) {
      if (event.data.type === 'entry.reopened') {
        await this.links.keepOpen(event.data.entryId).catch((error: Error) => this.warn('keep a reopened visit\'s status link', error));
        continue;
      }
      if (!FINISHING_EVENTS.has(event.data.type) || !('entryId' in event.data)) continue;
      await this.links.expireAt(event.data.entryId, event.at + this.linkHoursAfterVisit * 3_600_000).catch((error: Error) => this.warn('set when a status link expires', error));
    }
  }

  /** A link kept a little longer than it should is harmless; the failure is worth a line in the log. */
  private warn(what: string, error: Error): void {
    this.logger.warn(`Could not ${what}`, { error: error.message });
  }
}
