/**
 * Starts the console service from its config file (LOBBYLINE_CC_CONFIG) and
 * the environment, which overrides it: contact-center/config.ts lists both.
 */
import { consoleOptions, loadConsoleConfig } from './config.ts';
import { startConsole } from './service.ts';

async function main(): Promise<void> {
  const options = consoleOptions(await loadConsoleConfig(process.env.LOBBYLINE_CC_CONFIG), process.env);
  if (options.agents.length === 0 && !options.apiKey) console.warn('console: no agents in the config and no LOBBYLINE_CC_API_KEY: nobody can use it');
  const console_ = await startConsole({ ...options, onProblem: (message) => console.warn(`console: ${message}`) });
  console.log(`Lobbyline contact-center console on ${console_.url}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void console_.close().then(() => process.exit(0)));
}

// The built console is a CommonJS bundle (hub/build-node.ts), where a module cannot await at its top.
main().catch((error: unknown) => {
  console.error('The console could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
