/**
 * Starts the console service from the environment:
 *   LOBBYLINE_CC_BROKERS   the broker's URL, then other nodes of its cluster, comma separated
 *   LOBBYLINE_CC_USERNAME / LOBBYLINE_CC_PASSWORD   the console's broker account
 *   LOBBYLINE_CC_CLIENT_ID its persistent session's client id (default lobbyline-console)
 *   LOBBYLINE_CC_SITES     the sites this instance follows, comma separated (default every site)
 *   LOBBYLINE_CC_PARTITION i/n: this is instance i of n, following its share of the sites (partition.ts)
 *   LOBBYLINE_CC_API_KEY   the key the web app sends; LOBBYLINE_CC_DB, LOBBYLINE_CC_PORT, LOBBYLINE_CC_HOST
 */
import { parsePartition } from './partition.ts';
import { startConsole } from './service.ts';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Set ${name}: see contact-center/main.ts`);
  return value;
}

const list = (value: string | undefined) => value?.split(',').map((s) => s.trim()).filter(Boolean);
const sites = list(process.env.LOBBYLINE_CC_SITES);

const console_ = await startConsole({
  urls: list(required('LOBBYLINE_CC_BROKERS'))!,
  clientId: process.env.LOBBYLINE_CC_CLIENT_ID ?? 'lobbyline-console',
  ...(process.env.LOBBYLINE_CC_USERNAME && { username: process.env.LOBBYLINE_CC_USERNAME }),
  ...(process.env.LOBBYLINE_CC_PASSWORD && { password: process.env.LOBBYLINE_CC_PASSWORD }),
  ...(sites && { sites }),
  ...(process.env.LOBBYLINE_CC_PARTITION && { partition: parsePartition(process.env.LOBBYLINE_CC_PARTITION) }),
  apiKey: required('LOBBYLINE_CC_API_KEY'),
  dbPath: process.env.LOBBYLINE_CC_DB ?? 'data/console.sqlite',
  httpPort: Number(process.env.LOBBYLINE_CC_PORT ?? 8090),
  host: process.env.LOBBYLINE_CC_HOST ?? '127.0.0.1',
  onProblem: (message) => console.warn(`console: ${message}`),
});
console.log(`Lobbyline contact-center console on ${console_.url}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void console_.close().then(() => process.exit(0)));
