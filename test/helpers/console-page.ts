/** The console's web app in a browser: a fresh profile (its own cookies, so one agent each), signed in as a person does. */
import type { Browser, BrowserContext, Page } from 'playwright-core';

export interface ConsoleAgent {
  id: string;
  password: string;
}

/** Opens the console at `url` in a new profile at 1366×768 in the language given; the sign-in page, not yet signed in. */
export async function openConsole(browser: Browser, url: string, language: 'en' | 'es' = 'en'): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: language === 'es' ? 'es-MX' : 'en-US' });
  const page = await context.newPage();
  await page.goto(`${url}/`);
  return { context, page };
}

/** Agent id, password, the Sign in button; resolves once the console's top bar is drawn. */
export async function signInToConsole(page: Page, agent: ConsoleAgent): Promise<void> {
  await page.fill('#agent-id', agent.id);
  await page.fill('#password', agent.password);
  await page.click('.sign-in-card button[type=submit]');
  await page.locator('.top-bar').waitFor();
}
