/**
 * The demo site `npm start` runs when no site file is given: a small clinic
 * with a lab, X-ray and registration. Its device passwords and API key are
 * public (README.md): never use them for a real site.
 */
import { readFileSync } from 'node:fs';
import { apiKeyHash } from '../access/api-keys.ts';
import { parseSiteConfig, type SiteConfig } from './config.ts';

export const DEMO_SITE_FILE = new URL('./demo-site.json', import.meta.url);

export function demoSite(apiKey?: string): SiteConfig {
  const site = parseSiteConfig(JSON.parse(readFileSync(DEMO_SITE_FILE, 'utf8')), 'demo site');
  if (apiKey) site.apiKeys = site.apiKeys.map((key) => ({ ...key, secretHash: apiKeyHash(apiKey) }));
  return site;
}
