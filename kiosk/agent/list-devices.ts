/**
 * What is plugged into this kiosk: serial ports, USB printer devices and HID
 * devices, for whoever writes the configuration. Each source that fails
 * (no udevadm in a container, node-hid not loadable) is noted, not fatal.
 */
import { readdir } from 'node:fs/promises';
import { SerialPort } from 'serialport';
import { errorMessage } from './printer/transport.ts';
import { HID_POS_USAGE_PAGE, loadNodeHid } from './scanner/hid-scanner.ts';

export interface DeviceListing {
  serialPorts: { path: string; description?: string }[];
  usbPrinters: string[];
  hidDevices: { vendorId: number; productId: number; product?: string; usagePage?: number; kind: string }[];
  /** What could not be looked at, and why. */
  notes: string[];
}

export async function listDevices(): Promise<DeviceListing> {
  const notes: string[] = [];
  return {
    serialPorts: await listSerialPorts(notes),
    usbPrinters: (await devEntries('/dev/usb', /^lp\d+$/)).map((name) => `/dev/usb/${name}`),
    hidDevices: await listHidDevices(notes),
    notes,
  };
}

async function listSerialPorts(notes: string[]): Promise<DeviceListing['serialPorts']> {
  try {
    const ports = await SerialPort.list();
    return ports.map((port) => {
      const description = [port.manufacturer, port.vendorId && port.productId ? `${port.vendorId}:${port.productId}` : undefined].filter(Boolean).join(' ');
      return { path: port.path, ...(description && { description }) };
    });
  } catch (error) {
    // serialport asks udevadm on Linux; without it, the device names are still there.
    notes.push(`Serial port details unavailable (${errorMessage(error)}); listing /dev names only`);
    return (await devEntries('/dev', /^tty(USB|ACM)\d+$/)).map((name) => ({ path: `/dev/${name}` }));
  }
}

async function listHidDevices(notes: string[]): Promise<DeviceListing['hidDevices']> {
  try {
    const hid = await loadNodeHid();
    return (await hid.devicesAsync()).map((device) => ({
      vendorId: device.vendorId,
      productId: device.productId,
      ...(device.product && { product: device.product }),
      ...(device.usagePage !== undefined && { usagePage: device.usagePage }),
      kind: device.usagePage === HID_POS_USAGE_PAGE ? 'hid-pos scanner' : device.usagePage === 1 && device.usage === 6 ? 'keyboard' : 'other',
    }));
  } catch (error) {
    notes.push(`HID devices unavailable: ${errorMessage(error)}`);
    return [];
  }
}

async function devEntries(directory: string, pattern: RegExp): Promise<string[]> {
  try {
    return (await readdir(directory)).filter((name) => pattern.test(name)).sort();
  } catch {
    return [];
  }
}
