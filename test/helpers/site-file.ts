import { expect } from 'vitest';
import { parseSiteText, SiteConfigError } from '../../hub/site/config.ts';

/** What the hub says is wrong with a site file's text; fails the test if it accepts the file. */
export function problemsOf(text: string): string {
  try {
    parseSiteText(text, 'site.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(SiteConfigError);
    return (error as Error).message;
  }
  throw new Error('the site file was accepted');
}
