/**
 * Cross-site request forgery. The session cookie is SameSite=Strict, so
 * browsers do not send it with requests started by another site. That alone
 * is not enough: "site" ignores ports and subdomains, so another web app on
 * the same host or domain would still be same-site. Every state-changing
 * request therefore also carries the session's CSRF token in a header, which
 * a page from another origin cannot read or set without a CORS preflight the
 * hub never grants; and a request whose Origin is not the hub's is refused
 * outright, which covers sign-in too (there is no session token yet).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { CSRF_HEADER } from '../contract/desk.ts';

/** Why a request from a browser must be refused as cross-origin, or null. */
export function crossOriginRefusal(headers: IncomingHttpHeaders): string | null {
  const origin = headers.origin;
  if (origin === undefined) return null; // not a browser, or a same-origin GET
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return 'This request comes from a page of another site and was refused';
  }
  return originHost === headers.host ? null : 'This request comes from a page of another site and was refused';
}

/**
 * Why a state-changing request is refused for want of the session's CSRF token, or null.
 * `header` and `app`: where the token travels and what the person reloads (the contact-center console has its own).
 */
export function csrfRefusal(headers: IncomingHttpHeaders, expected: string, header = CSRF_HEADER, app = 'the desk'): string | null {
  const presented = headers[header];
  if (typeof presented !== 'string' || presented.length === 0) {
    return `The ${header} header is missing: reload ${app} and try again`;
  }
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return `The ${header} header does not match this session: reload ${app} and try again`;
  return null;
}
