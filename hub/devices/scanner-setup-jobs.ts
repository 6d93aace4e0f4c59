/**
 * Scanner setup sheets: the bar codes that put a kiosk's scanner into the mode
 * the site file names (hardware/scanners.ts), sent to that
 * kiosk's printer when staff ask. Kept apart from print-jobs.ts, which the
 * kiosk screen imports, so the profiles stay out of its bundle.
 */
import type { ScannerSetupJob } from '../contract/devices.ts';
import { siteTopics } from '../contract/topics.ts';
import { scannerModel, setupCodes } from '../../hardware/scanners.ts';
import type { DeviceConfig } from '../site/config.ts';
import { systemClock } from '../context.ts';

/** The job that prints a kiosk's scanner setup bar codes, or null when the site file does not say which scanner it has or no codes are known for it. */
export function scannerSetupJobFor(device: Pick<DeviceConfig, 'id' | 'scanner'>, now: number): ScannerSetupJob | null {
  const scanner = device.scanner;
  if (!scanner || !canPrintScannerSetup(device)) return null;
  return { kind: 'scanner-setup', jobId: `scanner-setup-${device.id}-${now.toString(36)}`.slice(0, 64), scannerProfile: scanner.profile, scannerMode: scanner.mode, issuedAt: new Date(now).toISOString() };
}


/** Whether the site file names this kiosk's scanner and its maker's setup bar codes are known. */
export function canPrintScannerSetup(device: Pick<DeviceConfig, 'scanner'>): boolean {
  const scanner = device.scanner;
  const model = scanner && scannerModel(scanner.profile);
  return scanner !== undefined && model !== undefined && setupCodes(model, scanner.mode).length > 0;
}

/** Sends a kiosk its scanner setup sheet; null when there is none to print. */
export function scannerSetupPrinter(options: { siteId: string; devices: readonly DeviceConfig[]; publish: (topic: string, job: object) => void; clock?: () => number }) {
  const topics = siteTopics(options.siteId);
  const clock = options.clock ?? systemClock;
  return (kioskId: string): ScannerSetupJob | null => {
    const device = options.devices.find((d) => d.id === kioskId && d.role === 'kiosk');
    const job = device ? scannerSetupJobFor(device, clock()) : null;
    if (job) options.publish(topics.deviceJobs(kioskId), job);
    return job;
  };
}
