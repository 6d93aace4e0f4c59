/**
 * A QR code as a black-and-white image, for printers that cannot draw QR
 * codes themselves (no `GS ( k`). The image goes to the printer as a raster
 * bit image (`GS v 0`).
 */
import QRCode from 'qrcode';

export interface RasterImage {
  width: number;
  height: number;
  /** RGBA, four bytes per dot, as the ESC/POS encoder takes images. */
  data: Uint8ClampedArray;
}

export interface QrRasterOptions {
  /** Dots per QR module. */
  moduleSize: number;
  errorLevel: 'l' | 'm' | 'q' | 'h';
  /** The widest image the paper takes; the module size shrinks to fit. */
  maxWidth: number;
}

/** Scanners need a margin of four modules around a QR code (ISO/IEC 18004 quiet zone). */
const QUIET_ZONE = 4;

export function qrRaster(text: string, options: QrRasterOptions): RasterImage {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: options.errorLevel.toUpperCase() as 'L' | 'M' | 'Q' | 'H' });
  const span = modules.size + 2 * QUIET_ZONE;
  const moduleSize = Math.max(1, Math.min(options.moduleSize, Math.floor(options.maxWidth / span)));
  // Printers take raster images in whole bytes of eight dots.
  const size = Math.ceil((span * moduleSize) / 8) * 8;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  const rowBytes = size * 4;
  for (let row = 0; row < modules.size; row++) {
    // Draw the first dot row of this module row, then copy it down the module's height.
    const top = (row + QUIET_ZONE) * moduleSize * rowBytes;
    for (let column = 0; column < modules.size; column++) {
      if (!modules.get(row, column)) continue;
      const left = top + (column + QUIET_ZONE) * moduleSize * 4;
      for (let i = 0; i < moduleSize * 4; i += 4) data[left + i] = data[left + i + 1] = data[left + i + 2] = 0;
    }
    for (let y = 1; y < moduleSize; y++) data.copyWithin(top + y * rowBytes, top, top + rowBytes);
  }
  return { width: size, height: size, data };
}
