/**
 * Debian's Chromium for the display tests, with the same flags as browser.ts's
 * launchBrowser() but without --user-data-dir, which playwright-core 1.65
 * refuses in launch() (it makes a fresh temporary profile itself). The sound
 * policy is a choice: a TV set up to allow sound, or a browser's default, which
 * keeps a page silent until someone taps it.
 */
import { chromium, type Browser } from 'playwright-core';

export async function launchDisplayBrowser(options: { soundWithoutTap: boolean } = { soundWithoutTap: true }): Promise<Browser> {
  return chromium.launch({
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
}
