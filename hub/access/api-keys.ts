/**
 * API keys for integrations (contact center, scheduling systems). Keys are
 * stored as scrypt hashes; a key that verified once is remembered by its
 * SHA-256 so that a busy integration does not pay for scrypt on every request.
 */
import { createHash } from 'node:crypto';
import { verifySecret } from './credentials.ts';

export interface ApiKeyRecord {
  id: string;
  secretHash: string;
}

export class ApiKeys {
  private readonly verified = new Map<string, string>();

  constructor(private readonly keys: readonly ApiKeyRecord[]) {}

  /** The key's id, or null when the presented key matches none. */
  identify(presented: string): string | null {
    const digest = createHash('sha256').update(presented).digest('base64');
    const cached = this.verified.get(digest);
    if (cached) return cached;
    const match = this.keys.find((key) => verifySecret(presented, key.secretHash));
    if (!match) return null;
    this.verified.set(digest, match.id);
    return match.id;
  }
}

/** Reads `Authorization: Bearer <key>` or `X-API-Key: <key>`. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | null {
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  const header = headers['x-api-key'];
  return typeof header === 'string' ? header.trim() : null;
}
