/**
 * A USB barcode scanner read through node-hid: either in HID POS mode (usage
 * page 0x8C, scanned-data reports) or as a keyboard wedge (boot keyboard
 * reports). node-hid is loaded only when such a scanner is configured, so a
 * kiosk without one, or a machine where the native module cannot load, still
 * runs; the reports go through the same decoders the tests feed with
 * recorded reports.
 *
 * On Linux, hidraw shows a keyboard-wedge scanner's reports to this agent
 * and its key presses to the desktop at the same time; keeping them out of
 * the kiosk browser is the job of the kiosk's udev rules (firmware-config/).
 */
import type { Device, HIDAsync } from 'node-hid';
import type { Logger } from '../../../hub/log.ts';
import { errorMessage } from '../printer/transport.ts';
import { HidPosReportDecoder, type HidPosLayout } from './hid-pos-decoder.ts';
import { KeyboardReportDecoder } from './keyboard-decoder.ts';
import { DeviceKeeper } from './device-keeper.ts';
import type { BarcodeScanner, CodeAssemblerOptions, ScannerEvents } from './scan.ts';

export const HID_POS_USAGE_PAGE = 0x8c;
const GENERIC_DESKTOP = 0x01;
const KEYBOARD_USAGE = 0x06;

export interface HidScannerOptions {
  mode: 'hid-pos' | 'keyboard';
  vendorId: number;
  productId: number;
  /** Keyboard reports with a report id in front. */
  reportId?: number;
  layout?: HidPosLayout;
  /** Default 3 s. */
  reconnectMs?: number;
  decode?: Omit<CodeAssemblerOptions, 'source'>;
  log?: Logger;
}

type NodeHid = typeof import('node-hid');

let nodeHid: Promise<NodeHid> | undefined;
/** node-hid, loaded on first use; rejects with a message naming what is missing. */
export function loadNodeHid(): Promise<NodeHid> {
  nodeHid ??= import('node-hid').then(
    (module) => ((module as { default?: NodeHid }).default ?? module) as NodeHid,
    (error: unknown) => {
      nodeHid = undefined;
      throw new Error(`node-hid could not be loaded (${errorMessage(error)}); it needs libusb-1.0-0 and libudev1`);
    },
  );
  return nodeHid;
}

export type HidDecoder = { push(report: ArrayLike<number>): void; dispose(): void };

export class HidScanner implements BarcodeScanner {
  readonly description: string;
  private decoder: HidDecoder | undefined;
  private keeper: DeviceKeeper<HIDAsync> | undefined;

  constructor(private readonly options: HidScannerOptions) {
    const id = `${hex4(options.vendorId)}:${hex4(options.productId)}`;
    this.description = `${options.mode} ${id}`;
  }

  get connected(): boolean {
    return this.keeper?.device !== undefined;
  }

  async start(events: ScannerEvents): Promise<void> {
    const { options, description } = this;
    this.decoder = createHidDecoder(options, description, events);
    this.keeper = new DeviceKeeper<HIDAsync>({
      description,
      open: async () => {
        const hid = await loadNodeHid();
        const info = pickInterface(await hid.devicesAsync(options.vendorId, options.productId), options.mode);
        if (!info?.path) throw new Error('no such device is plugged in');
        return hid.HIDAsync.open(info.path, { nonExclusive: true });
      },
      attach: (device, lost) => {
        device.on('data', (report: Buffer) => this.decoder?.push(report));
        device.on('error', (error: unknown) => {
          options.log?.warn('Scanner disconnected', { scanner: description, error: errorMessage(error) });
          lost();
        });
      },
      close: (device) => device.close(),
      onConnectionChange: events.onConnectionChange,
      reconnectMs: options.reconnectMs,
      log: options.log,
    });
    await this.keeper.start();
  }

  async stop(): Promise<void> {
    this.decoder?.dispose();
    await this.keeper?.stop();
  }
}

/** The decoder for a scanner's mode: what node-hid hands over goes through here, and so do recorded reports in tests. */
export function createHidDecoder(options: Pick<HidScannerOptions, 'mode' | 'reportId' | 'layout' | 'decode'>, source: string, events: ScannerEvents): HidDecoder {
  const assembly = { source, ...options.decode };
  if (options.mode === 'hid-pos') return new HidPosReportDecoder(events, assembly, options.layout);
  return new KeyboardReportDecoder(events, { ...assembly, ...(options.reportId !== undefined && { reportId: options.reportId }) });
}

/** A scanner shows up as several HID interfaces; the one to read is the POS or the keyboard collection. */
function pickInterface(devices: Device[], mode: HidScannerOptions['mode']): Device | undefined {
  const wanted = mode === 'hid-pos'
    ? (d: Device) => d.usagePage === HID_POS_USAGE_PAGE
    : (d: Device) => d.usagePage === GENERIC_DESKTOP && d.usage === KEYBOARD_USAGE;
  return devices.find(wanted) ?? (devices.some((d) => d.usagePage !== undefined) ? undefined : devices[0]);
}

function hex4(value: number): string {
  return value.toString(16).padStart(4, '0');
}
