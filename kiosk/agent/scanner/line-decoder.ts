/**
 * Serial barcode scanners send each code as one line ending in CR, LF or
 * CRLF. Bytes arrive in whatever chunks the port delivers; this cuts them
 * into codes. What is not a clean line (control bytes, over-long or
 * unfinished lines) is rejected by the CodeAssembler with its reason.
 */
import { CodeAssembler, type CodeAssemblerOptions, type ScanEvents } from './scan.ts';

const CR = 0x0d;
const LF = 0x0a;

export class LineDecoder {
  private readonly assembler: CodeAssembler;

  constructor(events: ScanEvents, options: CodeAssemblerOptions) {
    this.assembler = new CodeAssembler(events, options);
  }

  push(chunk: ArrayLike<number>): void {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte !== CR && byte !== LF) continue;
      if (i > start) this.assembler.push(slice(chunk, start, i));
      this.assembler.end();
      start = i + 1;
    }
    if (start < chunk.length) this.assembler.push(slice(chunk, start, chunk.length));
  }

  dispose(): void {
    this.assembler.dispose();
  }
}

function slice(chunk: ArrayLike<number>, start: number, end: number): number[] {
  return Array.prototype.slice.call(chunk, start, end) as number[];
}
