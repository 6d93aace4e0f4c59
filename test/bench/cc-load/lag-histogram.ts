/**
 * Lags in whole milliseconds, counted in a fixed table: the processes the
 * load bench measures keep a few hundred kilobytes for it however many
 * events arrive, so their memory is their own.
 */
const MAX_MS = 120_000;

export interface LagFigures {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export class LagHistogram {
  private readonly counts = new Uint32Array(MAX_MS + 1);
  private total = 0;
  private max = 0;

  add(lagMs: number): void {
    const ms = Math.min(MAX_MS, Math.max(0, Math.round(lagMs)));
    this.counts[ms]! += 1;
    this.total += 1;
    if (ms > this.max) this.max = ms;
  }

  figures(): LagFigures {
    return { count: this.total, p50: this.percentile(50), p99: this.percentile(99), max: this.max };
  }

  private percentile(p: number): number {
    const rank = Math.ceil((p / 100) * this.total);
    let seen = 0;
    for (let ms = 0; ms <= MAX_MS; ms++) {
      seen += this.counts[ms]!;
      if (seen >= rank && seen > 0) return ms;
    }
    return Number.NaN;
  }
}
