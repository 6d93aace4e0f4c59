/** Debian's Chromium, headless, driven by playwright-core: for end-to-end tests of the web apps. */
import { chromium, type Browser, type Page } from 'playwright-core';
import axe from 'axe-core';

export const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Each launch gets a fresh, temporary profile from playwright (it refuses a
 * --user-data-dir of ours). The sound policy is a choice: a TV set up to allow
 * sound, or a browser's default, which keeps a page silent until someone taps it.
 */
export async function launchBrowser(options: { soundWithoutTap: boolean } = { soundWithoutTap: true }): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      `--autoplay-policy=${options.soundWithoutTap ? 'no-user-gesture-required' : 'document-user-activation-required'}`,
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/** The browser alone, for tests that manage its life themselves. */
export async function launchDisplayBrowser(options?: { soundWithoutTap: boolean }): Promise<Browser> {
  return (await launchBrowser(options)).browser;
}

/** Runs axe-core in the page and returns its violations (WCAG 2.x A and AA rules). */
export async function axeViolations(page: Page): Promise<axe.Result[]> {
  await page.addScriptTag({ content: axe.source });
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations;
  });
}

/** Signs in on the desk's sign-in page as a person does: staff id, password, the Sign in button. */
export async function signInAtDesk(page: Page, staffId: string, password: string): Promise<void> {
  await page.fill('#staff-id', staffId);
  await page.fill('#password', password);
  await page.click('.sign-in-card button[type=submit]');
}
