/**
 * The hub's certificate and key, read from the files the site file names and
 * kept fresh: when either file changes (a renewal, or certbot swapping its
 * symlinks) both are read again and every TLS listener (HTTPS, MQTTS) takes
 * the new pair for new connections, without a restart. A pair that does not
 * load, say a certificate renewed before its key, is logged and the previous
 * pair kept, so a renewal half done never takes the hub off the air.
 */
import { unwatchFile, watchFile } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createSecureContext, type SecureContextOptions, type Server as TlsServer } from 'node:tls';
import type { Logger } from '../log.ts';

export interface TlsFiles {
  certFile: string;
  keyFile: string;
}

/** How often the files are looked at by default: renewals are rare, and a stat is cheap. */
const DEFAULT_CHECK_MS = 10_000;

export class HubCertificate {
  private readonly servers = new Set<TlsServer>();
  /** One reload at a time, so a slow read of an older pair never lands after a newer one. */
  private reloading = Promise.resolve();
  private readonly onChange = () => {
    this.reloading = this.reloading.then(() => this.reload());
  };

  private constructor(
    private readonly files: TlsFiles,
    private current: SecureContextOptions,
    private readonly logger: Logger,
  ) {}

  /** Reads and checks the pair, then watches both files; a pair that does not load is a start-up error that names the files. */
  static async load(files: TlsFiles, logger: Logger, checkMs = DEFAULT_CHECK_MS): Promise<HubCertificate> {
    const certificate = new HubCertificate(files, await readPair(files), logger);
    for (const file of [files.certFile, files.keyFile]) watchFile(file, { interval: checkMs, persistent: false }, certificate.onChange);
    return certificate;
  }

  /** The pair to create a TLS server with. */
  get options(): SecureContextOptions {
    return this.current;
  }

  /** Gives `server` each renewed pair from now on. */
  serve(server: TlsServer): void {
    this.servers.add(server);
    server.once('close', () => this.servers.delete(server));
  }

  close(): void {
    for (const file of [this.files.certFile, this.files.keyFile]) unwatchFile(file, this.onChange);
  }

  private async reload(): Promise<void> {
    let pair: SecureContextOptions;
    try {
      pair = await readPair(this.files);
    } catch (error) {
      this.logger.warn('The renewed TLS certificate does not load (yet); still serving the previous one', { error: (error as Error).message });
      return;
    }
    this.current = pair;
    for (const server of this.servers) server.setSecureContext(pair);
    this.logger.info('TLS certificate reloaded', { certFile: this.files.certFile });
  }
}

async function readPair(files: TlsFiles): Promise<SecureContextOptions> {
  const read = async (what: string, path: string) => {
    try {
      return await readFile(path);
    } catch (error) {
      throw new Error(`Cannot read the TLS ${what} file ${path} named in the site file: ${(error as Error).message}`);
    }
  };
  const pair = { cert: await read('certificate', files.certFile), key: await read('key', files.keyFile) };
  try {
    createSecureContext(pair);
  } catch (error) {
    throw new Error(`The TLS certificate ${files.certFile} and key ${files.keyFile} named in the site file do not load together: ${(error as Error).message}`);
  }
  return pair;
}
