/**
 * The lobby display: how much JavaScript a TV downloads (web-bundles.ts),
 * and how long from a counter's call-next to the ticket on screen, in headless
 * Chromium against the hub running as its own process.
 *
 * Latency is measured inside the page, on the page's clock only: the page sends
 * the REST call-next itself (t0), a MutationObserver sees the new ticket in the
 * DOM, and the frame that shows it is taken from Element Timing (renderTime of
 * the ticket element, which is new for every call), or when that is missing,
 * from the next requestAnimationFrame (an upper bound). Baseline in the same
 * run: the REST response time of the same call-next.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchDisplayBrowser } from '../helpers/browser.ts';
import { TEST_API_KEY } from '../helpers/hub.ts';
import { startProductionHub } from './production-hub.ts';
import { fmt, percentile } from './engine-bench.ts';
import { benchWebBundles } from './web-bundles.ts';

const CALLS = 500;
const WARMUP = 20;

interface Sample {
  response: number;
  dom: number;
  paint: number;
  paintFrom: 'element-timing' | 'animation-frame';
}

/** Runs in the page: enrol (untimed), call-next (timed), wait for the ticket on screen, serve (untimed). */
async function measureInPage({ calls, apiKey }: { calls: number; apiKey: string }): Promise<Sample[]> {
  const api = async (path: string, body?: unknown) => {
    const response = await fetch(`/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<{ entryId: string; ticket: string }>;
  };
  const painted = new Map<string, number>();
  const supportsElementTiming = PerformanceObserver.supportedEntryTypes.includes('element');
  if (supportsElementTiming) {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { renderTime: number; element: Element | null })[]) {
        const ticket = entry.element?.textContent;
        if (ticket && entry.renderTime > 0) painted.set(ticket, entry.renderTime);
      }
    }).observe({ type: 'element', buffered: false });
  }
  const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(performance.now())));
  const shown = (ticket: string) =>
    new Promise<number>((resolve) => {
      const check = () => document.querySelector('.latest-ticket')?.textContent === ticket;
      const observer = new MutationObserver(() => {
        if (!check()) return;
        observer.disconnect();
        resolve(performance.now());
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
  const paintOf = async (ticket: string, dom: number): Promise<[number, Sample['paintFrom']]> => {
    const frame = await nextFrame();
    if (!supportsElementTiming) return [frame, 'animation-frame'];
    for (let i = 0; i < 10 && !painted.has(ticket); i++) await nextFrame();
    const renderTime = painted.get(ticket);
    return renderTime !== undefined && renderTime >= dom ? [renderTime, 'element-timing'] : [frame, 'animation-frame'];
  };

  const samples: Sample[] = [];
  for (let i = 0; i < calls; i++) {
    const entry = await api('/entries', { serviceId: 'lab', channel: 'kiosk' });
    const onScreen = shown(entry.ticket);
    const t0 = performance.now();
    await api('/counters/c1/call-next');
    const response = performance.now() - t0;
    const domAt = await onScreen;
    const [paintAt, paintFrom] = await paintOf(entry.ticket, domAt);
    samples.push({ response, dom: domAt - t0, paint: paintAt - t0, paintFrom });
    await api(`/entries/${entry.entryId}/start-serving`);
  }
  return samples;
}

async function callToPaint(): Promise<string[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'lobbyline-bench-display-'));
  const hub = await startProductionHub(dataDir);
  const browser = await launchDisplayBrowser();
  try {
    await hub.api('POST', '/counters/c1/status', { status: 'open' });
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('crash', () => console.error('display bench: the page crashed'));
    // tsx keeps function names with a __name() helper that the page does not have.
    await page.addInitScript('globalThis.__name = (target) => target');
    // Headless Chromium has no voices; the announcer still runs, with speech ending at once.
    await page.addInitScript(() => {
      speechSynthesis.speak = (utterance) => setTimeout(() => utterance.dispatchEvent(new Event('end')), 0);
    });
    // Element Timing reports elements marked with this attribute; the ticket element is new for every call.
    await page.addInitScript(() => {
      new MutationObserver(() => document.querySelector('.latest-ticket:not([elementtiming])')?.setAttribute('elementtiming', 'ticket')).observe(
        document,
        { childList: true, subtree: true },
      );
    });
    await page.goto(`${hub.base}/display/?site=demo-clinic`);
    await page.locator('.no-calls').waitFor();
    const samples = await page.evaluate(measureInPage, { calls: CALLS + WARMUP, apiKey: TEST_API_KEY });
    const measured = samples.slice(WARMUP);
    const sorted = (key: 'response' | 'dom' | 'paint') => measured.map((s) => s[key]).sort((a, b) => a - b);
    const [response, dom, paint] = [sorted('response'), sorted('dom'), sorted('paint')];
    const fromElementTiming = measured.filter((s) => s.paintFrom === 'element-timing').length;
    const line = (name: string, values: number[]) =>
      `${name}: p50 ${fmt(percentile(values, 50), 1)} ms, p99 ${fmt(percentile(values, 99), 1)} ms, max ${fmt(values[values.length - 1]!, 1)} ms`;
    return [
      line(`REST call-next response (baseline), ${CALLS} calls`, response),
      line('call-next to ticket in the DOM', dom),
      line('call-next to ticket painted', paint),
      `  painted frame from Element Timing for ${fromElementTiming} of ${CALLS} calls, the others from the next animation frame`,
      `p50 ratio painted / REST response: ${fmt(percentile(paint, 50) / percentile(response, 50), 2)}`,
    ];
  } finally {
    await browser.close();
    await hub.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function benchDisplay(): Promise<string[]> {
  return [...(await benchWebBundles(['display'])), ...(await callToPaint())];
}
