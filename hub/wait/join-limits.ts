/**
 * Flood limits for the public join page and for link lookups: at most so many
 * attempts per client address and so many for the whole site in a window.
 * Fixed windows, kept in memory: a restart forgets them, which only ever lets
 * a few more people in.
 */
export interface LimitRefusal {
  ok: false;
  scope: 'client' | 'site';
  retryAfterSeconds: number;
}

export interface JoinLimitOptions {
  perClient: number;
  perSite: number;
  windowMs: number;
}

/** Beyond this many tracked clients, windows that have ended are dropped. */
const PRUNE_AT = 10_000;

export class JoinLimits {
  private readonly clients = new Map<string, { start: number; count: number }>();
  private site = { start: 0, count: 0 };

  constructor(private readonly options: JoinLimitOptions) {}

  /** Counts one attempt; says whether it may go ahead. */
  attempt(client: string, now: number): { ok: true } | LimitRefusal {
    const { perClient, perSite, windowMs } = this.options;
    if (this.clients.size >= PRUNE_AT) this.prune(now);
    const mine = this.windowOf(this.clients.get(client), now);
    this.clients.set(client, mine);
    mine.count++;
    if (mine.count > perClient) return this.refusal('client', mine.start, now);
    this.site = this.windowOf(this.site, now);
    this.site.count++;
    if (this.site.count > perSite) return this.refusal('site', this.site.start, now);
    return { ok: true };
  }

  /** Whether this client has used up its window, without counting an attempt. */
  isBlocked(client: string, now: number): boolean {
    const mine = this.clients.get(client);
    return mine !== undefined && now - mine.start < this.options.windowMs && mine.count >= this.options.perClient;
  }

  private windowOf(window: { start: number; count: number } | undefined, now: number) {
    return window && now - window.start < this.options.windowMs ? window : { start: now, count: 0 };
  }

  private refusal(scope: 'client' | 'site', start: number, now: number): LimitRefusal {
    return { ok: false, scope, retryAfterSeconds: Math.max(1, Math.ceil((start + this.options.windowMs - now) / 1000)) };
  }

  private prune(now: number): void {
    for (const [client, window] of this.clients) if (now - window.start >= this.options.windowMs) this.clients.delete(client);
  }
}
