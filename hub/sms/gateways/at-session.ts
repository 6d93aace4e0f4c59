/**
 * One conversation with a modem in AT commands (3GPP TS 27.007 / 27.005):
 * commands go out one at a time from a queue, each with its own time limit;
 * the answer lines are gathered until the final result code (OK, ERROR,
 * +CMS ERROR, +CME ERROR). Unsolicited result codes (+CMTI, +CMT …) can
 * arrive at any moment, even in the middle of an answer, and are handed to
 * `onUnsolicited` instead.
 *
 * Commands that carry a body (AT+CMGS) wait for the modem's "> " prompt,
 * then send the body ended by Ctrl-Z. A modem that never prompts is sent
 * ESC, so that it does not keep waiting for text.
 */

export type AtFailureKind = 'error' | 'cms' | 'cme' | 'timeout' | 'closed';

export class AtCommandError extends Error {
  constructor(
    readonly kind: AtFailureKind,
    /** The number after +CMS ERROR / +CME ERROR, when the modem gave one. */
    readonly code: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** An unsolicited result code; `data` is the line that follows those that come in two lines (+CMT, +CDS). */
export interface UnsolicitedResult {
  line: string;
  data?: string;
}

export interface AtCommandOptions {
  timeoutMs: number;
  /** Sent after the "> " prompt, followed by Ctrl-Z. */
  body?: string;
  /** The time limit once the body is sent; default `timeoutMs`. */
  bodyTimeoutMs?: number;
  /** Goes ahead of everything queued (an acknowledgement the modem is waiting for). */
  urgent?: boolean;
}

const CTRL_Z = '\x1a';
const ESC = '\x1b';
/** Unsolicited codes that the modem may send between or inside answers. */
const UNSOLICITED_PREFIXES = ['+CMTI:', '+CMT:', '+CDSI:', '+CDS:', '+CBM:', '+CREG:', '+CGREG:', '+CEREG:', '+CUSD:', 'RING', '+CRING:', '+CLIP:'];
/** Unsolicited codes whose payload comes on the next line. */
const TWO_LINE_PREFIXES = ['+CMT:', '+CDS:', '+CBM:'];

interface Pending {
  command: string;
  options: AtCommandOptions;
  resolve(lines: string[]): void;
  reject(error: AtCommandError): void;
}

interface Active extends Pending {
  lines: string[];
  phase: 'prompt' | 'result';
  timer: NodeJS.Timeout;
}

export class AtSession {
  private readonly queue: Pending[] = [];
  private active: Active | undefined;
  private partial = '';
  /** The first line of a two-line unsolicited code, waiting for its payload. */
  private twoLineStart: string | undefined;

  constructor(
    private readonly write: (data: string) => Promise<void>,
    private readonly onUnsolicited: (result: UnsolicitedResult) => void,
  ) {}

  /** Resolves with the answer's information lines (without the echo and the final OK). */
  run(command: string, options: AtCommandOptions): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const pending = { command, options, resolve, reject };
      if (options.urgent) this.queue.unshift(pending);
      else this.queue.push(pending);
      this.next();
    });
  }

  /** Bytes from the modem. */
  push(chunk: Buffer): void {
    this.partial += chunk.toString('latin1');
    const pieces = this.partial.split(/\r\n|\r|\n/);
    this.partial = pieces.pop() ?? '';
    for (const line of pieces) if (line.trim() !== '') this.handleLine(line.trim());
    if (this.active?.phase === 'prompt' && this.partial.trimStart().startsWith('>')) {
      this.partial = '';
      this.sendBody(this.active);
    }
  }

  /** Fails everything queued and in progress, e.g. when the port closes. */
  abort(reason: string): void {
    const failed = [...(this.active ? [this.active] : []), ...this.queue.splice(0)];
    if (this.active) clearTimeout(this.active.timer);
    this.active = undefined;
    this.partial = '';
    this.twoLineStart = undefined;
    for (const pending of failed) pending.reject(new AtCommandError('closed', undefined, reason));
  }

  private next(): void {
    if (this.active) return;
    const pending = this.queue.shift();
    if (!pending) return;
    const active: Active = {
      ...pending,
      lines: [],
      phase: pending.options.body === undefined ? 'result' : 'prompt',
      timer: this.startTimer(pending.options.timeoutMs),
    };
    this.active = active;
    this.write(`${pending.command}\r`).catch((error: Error) => this.finish(active, new AtCommandError('closed', undefined, `Could not write to the modem: ${error.message}`)));
  }

  private startTimer(ms: number): NodeJS.Timeout {
    return setTimeout(() => {
      const active = this.active;
      if (!active) return;
      // A modem left waiting at the prompt would take the next command as message text.
      if (active.phase === 'prompt') this.write(ESC).catch(() => {});
      this.partial = '';
      this.finish(active, new AtCommandError('timeout', undefined, `The modem did not answer ${active.command} within ${ms} ms`));
    }, ms);
  }

  private sendBody(active: Active): void {
    active.phase = 'result';
    clearTimeout(active.timer);
    active.timer = this.startTimer(active.options.bodyTimeoutMs ?? active.options.timeoutMs);
    this.write(`${active.options.body}${CTRL_Z}`).catch((error: Error) => this.finish(active, new AtCommandError('closed', undefined, `Could not write to the modem: ${error.message}`)));
  }

  private handleLine(line: string): void {
    if (this.twoLineStart !== undefined) {
      const start = this.twoLineStart;
      this.twoLineStart = undefined;
      this.onUnsolicited({ line: start, data: line });
      return;
    }
    const active = this.active;
    if (this.isUnsolicited(line, active)) {
      if (TWO_LINE_PREFIXES.some((prefix) => line.startsWith(prefix))) this.twoLineStart = line;
      else this.onUnsolicited({ line });
      return;
    }
    // Without a command in progress this is a late answer to one that timed out, or an echo: nothing to do.
    if (!active) return;
    if (line.toUpperCase() === active.command.toUpperCase()) return;
    if (line === 'OK') return this.finish(active, active.lines);
    if (line === 'ERROR') return this.finish(active, new AtCommandError('error', undefined, `The modem answered ERROR to ${active.command}`));
    const failure = /^\+(CMS|CME) ERROR:\s*(.*)$/.exec(line);
    if (failure) {
      const [, kind = '', detail = ''] = failure;
      const code = /^\d+$/.test(detail) ? Number(detail) : undefined;
      return this.finish(active, new AtCommandError(kind === 'CMS' ? 'cms' : 'cme', code, `The modem answered +${kind} ERROR: ${detail} to ${active.command}`));
    }
    active.lines.push(line);
  }

  /** A line is the answer to the command in progress when it starts with that command's name (+CREG: answers AT+CREG?). */
  private isUnsolicited(line: string, active: Active | undefined): boolean {
    const prefix = UNSOLICITED_PREFIXES.find((candidate) => line.startsWith(candidate));
    if (!prefix) return false;
    const name = /^AT(\+[A-Z]+)/i.exec(active?.command ?? '')?.[1]?.toUpperCase();
    return name === undefined || !line.toUpperCase().startsWith(`${name}:`);
  }

  private finish(active: Active, outcome: string[] | AtCommandError): void {
    if (this.active !== active) return;
    clearTimeout(active.timer);
    this.active = undefined;
    if (outcome instanceof AtCommandError) active.reject(outcome);
    else active.resolve(outcome);
    this.next();
  }
}
