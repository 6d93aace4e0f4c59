/**
 * What the hub sends devices, put together: tickets and scanner setup sheets
 * to a kiosk's printer (`devices/{id}/jobs`), and the retained public state
 * every lobby TV and kiosk screen reads. The broker is attached to the HTTP
 * server and so starts late; jobs reach it through `publish`, which is only
 * called once it runs.
 */
import type { ExecuteCommand } from '../broker/broker.ts';
import type { QueueEngine } from '../engine/engine.ts';
import type { SiteConfig } from '../site/config.ts';
import { ticketPrinter, withPrintJobs, type PrintJobsOptions, type PrintTicket } from './print-jobs.ts';
import { PublicStatePublisher, type Publisher } from './public-state.ts';
import { scannerSetupPrinter } from './scanner-setup-jobs.ts';

export interface DeviceJobs {
  /** Sends a ticket to a kiosk's printer (the desk's reprint). */
  printTicket: PrintTicket;
  /** Sends a kiosk its scanner setup sheet (from the desk). */
  printScannerSetup: ReturnType<typeof scannerSetupPrinter>;
  /** The broker's command path plus a print job for every ticket a kiosk is given. */
  withPrintJobs(execute: ExecuteCommand): ExecuteCommand;
}

export function deviceJobs(options: PrintJobsOptions & { site: SiteConfig }): DeviceJobs {
  return {
    printTicket: ticketPrinter(options),
    printScannerSetup: scannerSetupPrinter({ siteId: options.site.siteId, devices: options.site.devices, publish: options.publish, ...(options.clock && { clock: options.clock }) }),
    withPrintJobs: (execute) => withPrintJobs(execute, options),
  };
}

/** Publishes the whole public state now, then whatever each commit changes. */
export function publishLobbyState(engine: QueueEngine, site: Pick<SiteConfig, 'name' | 'languages'>, out: Publisher, clock: () => number): void {
  const publisher = new PublicStatePublisher(engine.config, { name: site.name, languages: site.languages }, out, clock);
  publisher.publishAll(engine.state);
  engine.onCommitted((events, state) => publisher.onCommitted(events, state));
}
