/** API keys in the site file: their stored forms and their scopes, and the rule that checks a scope. */
import { describe, expect, it } from 'vitest';
import { apiKeyHash } from '../../hub/access/api-keys.ts';
import { apiScopeRefusal } from '../../hub/access/api-scopes.ts';
import { parseSiteText } from '../../hub/site/config.ts';
import { demoSite } from '../../hub/site/demo.ts';
import { problemsOf } from '../helpers/site-file.ts';

const OLD_HASH = 'scrypt$16384$8$1$TdK0NURuRoLD/X8klAJVfw==$uSA0YTOCK15N5a/wF41n6CiOU4aDGqtQzeSCiHZPRDA=';

function siteWithKeys(keys: string): string {
  return `siteId: north
name: North Clinic
timezone: America/New_York
services:
  - { id: lab, prefix: L, name: { en: Lab tests } }
counters:
  - { id: c1, name: Counter 1, serviceIds: [lab] }
apiKeys:
${keys}`;
}

describe('API keys in the site file', () => {
  it('gives a key listed without scopes all of them, as before scopes existed', () => {
    const site = parseSiteText(siteWithKeys(`  - { id: old, secretHash: "${OLD_HASH}" }`), 'site.yaml');
    expect(site.apiKeys).toEqual([{ id: 'old', secretHash: OLD_HASH, scopes: ['read', 'enrol', 'contact-center', 'manage'] }]);
  });

  it('takes a SHA-256 key with the scopes it lists', () => {
    const hash = apiKeyHash('a'.repeat(40));
    const site = parseSiteText(siteWithKeys(`  - { id: scheduler, secretHash: "${hash}", scopes: [read, enrol] }`), 'site.yaml');
    expect(site.apiKeys[0]).toEqual({ id: 'scheduler', secretHash: hash, scopes: ['read', 'enrol'] });
  });

  it('refuses an unknown scope, an empty list and a key written out in the clear', () => {
    expect(problemsOf(siteWithKeys(`  - { id: k, secretHash: "${OLD_HASH}", scopes: [read, everything] }`))).toMatch(/apiKeys\.0\.scopes\.1/);
    expect(problemsOf(siteWithKeys(`  - { id: k, secretHash: "${OLD_HASH}", scopes: [] }`))).toMatch(/apiKeys\.0\.scopes/);
    expect(problemsOf(siteWithKeys('  - { id: k, secretHash: "demo-api-key" }'))).toMatch(/never the key itself/);
    expect(problemsOf(siteWithKeys('  - { id: k, secretHash: "sha256$short" }'))).toMatch(/never the key itself/);
  });

  it("gives the demo site's key every scope, by name", () => {
    expect(demoSite().apiKeys[0]?.scopes).toEqual(['read', 'enrol', 'contact-center', 'manage']);
  });
});

describe('API key scopes', () => {
  it('allows what a key has and says what it lacks', () => {
    expect(apiScopeRefusal('scheduler', ['read', 'enrol'], 'enrol')).toBeNull();
    expect(apiScopeRefusal('scheduler', ['read', 'enrol'], 'manage')).toBe(
      "API key scheduler does not have the 'manage' scope (it has 'read', 'enrol'); add it to the key's scopes in the site file",
    );
  });
});
