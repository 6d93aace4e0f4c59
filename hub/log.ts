/**
 * Structured logs: one JSON object per line on stdout, for journald or any
 * log shipper. Errors are logged once, where they meet the outside world.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type Logger = Record<LogLevel, (message: string, fields?: Record<string, unknown>) => void>;

const ORDER: LogLevel[] = ['debug', 'info', 'warn', 'error'];

export function createLogger(minimum: LogLevel = 'info', write: (line: string) => void = (line) => process.stdout.write(line)): Logger {
  const logAt = (level: LogLevel) => (message: string, fields: Record<string, unknown> = {}) => {
    if (ORDER.indexOf(level) < ORDER.indexOf(minimum)) return;
    write(`${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
  };
  return { debug: logAt('debug'), info: logAt('info'), warn: logAt('warn'), error: logAt('error') };
}
