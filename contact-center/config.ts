/**
 * The console's settings: a YAML file (path in LOBBYLINE_CC_CONFIG) listing
 * its agents and, if wished, its brokers, sites and address; environment
 * variables override the file. Secrets (the broker password, the API key)
 * come only from the environment, so the file can be shared:
 *
 *   brokers: [mqtt://cc-broker-1:1883, mqtt://cc-broker-2:1883]   LOBBYLINE_CC_BROKERS (comma separated)
 *   username: console                                              LOBBYLINE_CC_USERNAME; password: LOBBYLINE_CC_PASSWORD
 *   clientId: lobbyline-console                                    LOBBYLINE_CC_CLIENT_ID
 *   sites: [north, south]       (default: every site)              LOBBYLINE_CC_SITES (comma separated)
 *   partition: 2/3              (this instance's share: partition.ts) LOBBYLINE_CC_PARTITION
 *   host: 127.0.0.1                                                LOBBYLINE_CC_HOST
 *   port: 8090                                                     LOBBYLINE_CC_PORT
 *   database: data/console.sqlite                                  LOBBYLINE_CC_DB
 *   agents:                     (as the site file's staff:, hashes from `npm run hash-secret`)
 *     - { id: ana, name: Ana Ruiz, role: manager, passwordHash: "scrypt$…" }
 *   the API key for integrations (Authorization: Bearer …):        LOBBYLINE_CC_API_KEY (none: agents only)
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import * as z from 'zod';
import { idField } from '../hub/contract/fields.ts';
import { staffAccountConfigSchema } from '../hub/contract/staff-account-config.ts';
import { parsePartition, type Partition } from './partition.ts';
import type { ConsoleOptions } from './service.ts';

const brokerUrl = z.string().regex(/^(mqtts?|wss?):\/\//, 'must be an mqtt://, mqtts://, ws:// or wss:// URL');

export const consoleConfigSchema = z
  .strictObject({
    brokers: z.array(brokerUrl).min(1).max(8).optional(),
    username: z.string().min(1).optional(),
    clientId: z.string().min(1).max(64).optional(),
    sites: z.array(idField).min(1).optional(),
    partition: z.string().optional(),
    host: z.string().min(1).optional(),
    port: z.int().min(0).max(65535).optional(),
    database: z.string().min(1).optional(),
    agents: z.array(staffAccountConfigSchema).default([]),
  })
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.agents.forEach((agent, i) => {
      if (seen.has(agent.id.toLowerCase())) ctx.addIssue({ code: 'custom', path: ['agents', i, 'id'], message: `${agent.id} is listed twice (ids ignore case)` });
      seen.add(agent.id.toLowerCase());
    });
  });

export type ConsoleConfig = z.infer<typeof consoleConfigSchema>;

export class ConsoleConfigError extends Error {}

/** The file's settings, every problem listed with its field; an empty config when no file is named. */
export async function loadConsoleConfig(path: string | undefined): Promise<ConsoleConfig> {
  if (!path) return consoleConfigSchema.parse({});
  let raw: unknown;
  try {
    raw = parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ConsoleConfigError(`Cannot read the console's config ${path}: ${(error as Error).message}`);
  }
  const parsed = consoleConfigSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  - ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  throw new ConsoleConfigError(`The console's config ${path} is not valid:\n${problems.join('\n')}`);
}

const list = (value: string | undefined) => value?.split(',').map((s) => s.trim()).filter(Boolean);

/** The service's options from the config file and the environment, the environment winning. */
export function consoleOptions(config: ConsoleConfig, env: NodeJS.ProcessEnv): Omit<ConsoleOptions, 'onProblem'> {
  const urls = list(env.LOBBYLINE_CC_BROKERS) ?? config.brokers;
  if (!urls?.length) throw new ConsoleConfigError('Name the contact center broker: brokers in the console config, or LOBBYLINE_CC_BROKERS');
  const sites = list(env.LOBBYLINE_CC_SITES) ?? config.sites;
  const partitionText = env.LOBBYLINE_CC_PARTITION || config.partition;
  let partition: Partition | undefined;
  try {
    partition = partitionText ? parsePartition(partitionText) : undefined;
  } catch (error) {
    throw new ConsoleConfigError((error as Error).message);
  }
  const username = env.LOBBYLINE_CC_USERNAME || config.username;
  const port = env.LOBBYLINE_CC_PORT ? Number(env.LOBBYLINE_CC_PORT) : (config.port ?? 8090);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConsoleConfigError(`LOBBYLINE_CC_PORT must be a port number, not ${env.LOBBYLINE_CC_PORT}`);
  return {
    urls,
    clientId: env.LOBBYLINE_CC_CLIENT_ID || config.clientId || 'lobbyline-console',
    ...(username && { username }),
    ...(env.LOBBYLINE_CC_PASSWORD && { password: env.LOBBYLINE_CC_PASSWORD }),
    ...(sites && { sites }),
    ...(partition && { partition }),
    ...(env.LOBBYLINE_CC_API_KEY && { apiKey: env.LOBBYLINE_CC_API_KEY }),
    agents: config.agents,
    dbPath: env.LOBBYLINE_CC_DB || config.database || 'data/console.sqlite',
    httpPort: port,
    host: env.LOBBYLINE_CC_HOST || config.host || '127.0.0.1',
  };
}
