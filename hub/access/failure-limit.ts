/**
 * Failed sign-ins per client address, checked before any password is hashed:
 * a stranger on the lobby network gets a handful of guesses, then waits, and
 * the hub never spends its hashing on the rest. Each address has a bucket of
 * tries that refills slowly; a try is taken before its check runs (so parallel
 * guesses cannot all slip in while the first is still hashing) and given back
 * when it succeeds.
 */
import { because, lobbylineError, type LobbylineError } from '../contract/index.ts';

export interface FailureLimitPolicy {
  /** Tries an address may make in a burst. */
  maxTries: number;
  /** One try comes back this often. */
  refillMs: number;
}

/** 20 wrong passwords in a burst, then one every 3 s: enough for a mistyping person or a misconfigured device to see its error. */
export const DEFAULT_FAILURE_LIMIT: FailureLimitPolicy = { maxTries: 20, refillMs: 3_000 };

/** Beyond this many addresses, the oldest are forgotten. */
const MAX_ADDRESSES = 10_000;

interface Bucket {
  tries: number;
  at: number;
}

export class FailureLimit {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: () => number,
    private readonly policy: FailureLimitPolicy = DEFAULT_FAILURE_LIMIT,
  ) {}

  /** Takes one try for `address`: 0 when it may go ahead, otherwise how many ms until it may. */
  take(address: string): number {
    const bucket = this.refilled(address);
    if (bucket.tries < 1) return Math.ceil((1 - bucket.tries) * this.policy.refillMs);
    bucket.tries -= 1;
    this.store(address, bucket);
    return 0;
  }

  /** The try succeeded: it does not count against the address. */
  giveBack(address: string): void {
    const bucket = this.refilled(address);
    bucket.tries = Math.min(this.policy.maxTries, bucket.tries + 1);
    this.store(address, bucket);
  }

  private refilled(address: string): Bucket {
    const now = this.clock();
    const bucket = this.buckets.get(address) ?? { tries: this.policy.maxTries, at: now };
    bucket.tries = Math.min(this.policy.maxTries, bucket.tries + (now - bucket.at) / this.policy.refillMs);
    bucket.at = now;
    return bucket;
  }

  private store(address: string, bucket: Bucket): void {
    this.buckets.delete(address);
    if (bucket.tries >= this.policy.maxTries) return;
    this.buckets.set(address, bucket);
    while (this.buckets.size > MAX_ADDRESSES) this.buckets.delete(this.buckets.keys().next().value!);
  }
}

/** "Too many failed sign-ins from this address. Try again in 3 seconds." */
export function tooManyFailuresMessage(retryInMs: number): string {
  const seconds = retrySeconds(retryInMs);
  return `Too many failed sign-ins from this address. Try again in ${seconds === 1 ? '1 second' : `${seconds} seconds`}.`;
}

/** The same as a refusal, with the seconds for the apps to word. */
export function tooManyFailures(retryInMs: number): LobbylineError {
  return lobbylineError('rate_limited', tooManyFailuresMessage(retryInMs), because('sign_in.too_many', { seconds: retrySeconds(retryInMs) }));
}

const retrySeconds = (retryInMs: number) => Math.max(1, Math.ceil(retryInMs / 1000));
