/**
 * What the agent needs to know about one receipt printer model: paper width,
 * whether it draws QR codes itself, its code pages and how it reports status.
 * Printer profiles for real models are kept in firmware-config/; this is the
 * shape they take and the defaults for an Epson-compatible 80 mm printer.
 */
import * as z from 'zod';

/** Printable dots per line at 203 dpi and the font A (12 × 24) characters that fit. */
export const PAPER = {
  58: { dots: 384, columns: 32 },
  80: { dots: 576, columns: 48 },
} as const;

/** Code pages with every Spanish letter and sign (á é í ó ú ü ñ ¿ ¡), as the encoder names them. */
export const TEXT_CODEPAGES = ['cp858', 'cp850', 'windows1252', 'iso8859-15'] as const;

/** Which `ESC t n` number selects which code page differs between makers; these are the encoder's tables. */
export const CODEPAGE_MAPPINGS = ['epson', 'epson/legacy', 'bixolon', 'citizen', 'star', 'xprinter', 'pos-5890', 'pos-8360', 'sunmi', 'hp'] as const;

export const printerProfileSchema = z.strictObject({
  paperWidthMm: z.union([z.literal(58), z.literal(80)]).default(80),
  /** For printers that differ from PAPER (e.g. 180 dpi models: 512 dots and 42 columns on 80 mm). */
  printableDots: z.int().min(256).max(832).optional(),
  columns: z.int().min(24).max(64).optional(),
  /** Print QR codes with `GS ( k` (the printer draws them); otherwise as a raster image. */
  nativeQr: z.boolean().default(true),
  codepage: z.enum(TEXT_CODEPAGES).default('cp858'),
  codepageMapping: z.enum(CODEPAGE_MAPPINGS).default('epson'),
  /** Answers `DLE EOT n` real-time status requests. Printers that cannot talk back are assumed ready. */
  realTimeStatus: z.boolean().default(true),
  /** Supports Automatic Status Back (`GS a n`): reports cover and paper changes by itself. */
  automaticStatusBack: z.boolean().default(false),
  /** How long to wait for each status reply before calling the printer silent. */
  statusTimeoutMs: z.int().min(50).max(10_000).default(500),
  /** QR module size in dots (1-8 for `GS ( k`). */
  qrModuleSize: z.int().min(1).max(8).default(6),
  qrErrorLevel: z.enum(['l', 'm', 'q', 'h']).default('m'),
  /** Blank lines fed before the cut so the QR code clears the cutter. */
  feedBeforeCut: z.int().min(0).max(20).default(4),
});

export type PrinterProfile = z.infer<typeof printerProfileSchema>;

/** What one line holds on this printer: its own figures, or those of its paper width at 203 dpi. */
export function lineOf(profile: PrinterProfile): { dots: number; columns: number } {
  const paper = PAPER[profile.paperWidthMm];
  return { dots: profile.printableDots ?? paper.dots, columns: profile.columns ?? paper.columns };
}

export const DEFAULT_PRINTER_PROFILE: PrinterProfile = printerProfileSchema.parse({});
