/**
 * Provisioning for a site whose hub speaks TLS (the site file's `tls`). The
 * certificate devices check the hub against is either the site's own CA
 * (given with --tls-ca; the site installs its own hub certificate), or a site
 * CA made here once and kept beside the device secrets, with a hub
 * certificate for the hub's name issued from it on each run.
 */
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { SiteConfig } from '../../hub/site/config.ts';
import { issueHubCertificate, siteCertificateAuthority } from './site-certificates.ts';

/** What devices need to trust the hub: the CA certificate, PEM. */
export interface HubTrust {
  caPem: string;
  /** The hub's files that were made, relative to the output folder: what goes where on the hub. */
  hubFiles: { relative: string; installAt: string; secret: boolean }[];
}

export interface HubTlsOptions {
  site: SiteConfig & { tls: NonNullable<SiteConfig['tls']> };
  /** The site's own CA certificate, when it has one. */
  siteCaFile?: string;
  /** Where the site CA made here is kept (its key never leaves this machine). */
  caDir: string;
  hubHost: string;
  outDir: string;
}

export const HUB_TLS_FOLDER = join('hub', 'tls');

export async function hubTrust(options: HubTlsOptions): Promise<HubTrust> {
  const { tls } = options.site;
  if (options.siteCaFile) return { caPem: await readCaCertificate(options.siteCaFile), hubFiles: [] };

  const ca = await siteCertificateAuthority(options.caDir, options.site.name);
  const cert = join(HUB_TLS_FOLDER, basename(tls.certFile));
  const key = join(HUB_TLS_FOLDER, basename(tls.keyFile));
  await issueHubCertificate(ca, [options.hubHost], { certFile: join(options.outDir, cert), keyFile: join(options.outDir, key) });
  const caPem = await readFile(ca.certFile, 'utf8');
  const hubFiles = [
    { relative: cert, installAt: tls.certFile, secret: false },
    { relative: key, installAt: tls.keyFile, secret: true },
  ];
  return { caPem, hubFiles };
}

async function readCaCertificate(path: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
    if (!new X509Certificate(pem).ca) throw new Error('it is a certificate, but not a CA certificate');
  } catch (error) {
    throw new Error(`--tls-ca ${path} is not the site's CA certificate (PEM): ${(error as Error).message}`);
  }
  return pem;
}
