/**
 * Serial ports as Lobbyline's devices need them: receipt printers, serial
 * barcode scanners and GSM modems. Pseudo-terminals and some USB adapters
 * refuse the DTR/RTS control lines, and a hung-up USB adapter reads as
 * end-of-file forever, so opening one is not just `new SerialPort()`.
 */
import { access } from 'node:fs/promises';
import type { SerialPort } from 'serialport';

/** What the opener reports; any of Lobbyline's loggers fits. */
export interface SerialLog {
  warn(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
}

/**
 * Opens a serial port without requiring modem control lines, then raises DTR
 * and RTS where the port allows it. Used by the receipt printer, the serial barcode scanner and the GSM modem.
 *
 * When a USB adapter is unplugged (or a pty's other side goes away) while a
 * read is waiting, the hung-up tty reads as end-of-file forever and
 * serialport keeps reading instead of reporting a disconnect. So the device
 * path is checked every `presenceCheckMs`; once it is gone, the port is
 * closed, which ends the reads and fires 'close' like a disconnect.
 */
export async function openSerialPort(path: string, baudRate: number, log?: SerialLog, presenceCheckMs = 1_000): Promise<SerialPort> {
  // Loaded at the first port opened: a hub without a GSM modem never loads the native module.
  const { SerialPort } = await import('serialport');
  const port = new SerialPort({ path, baudRate, autoOpen: false, hupcl: false, rtscts: false, xon: false, xoff: false });
  return new Promise((resolve, reject) => {
    port.open((error) => {
      if (error) return reject(new Error(`Could not open serial port ${path}: ${error.message}`));
      const presence = setInterval(() => {
        access(path).catch(() => {
          log?.warn('Serial device is gone', { port: path });
          if (port.isOpen) port.close();
        });
      }, presenceCheckMs);
      presence.unref();
      port.once('close', () => clearInterval(presence));
      port.set({ dtr: true, rts: true }, (setError) => {
        if (setError) log?.debug('Serial port refuses DTR/RTS control; continuing without it', { port: path, error: setError.message });
        resolve(port);
      });
    });
  });
}
