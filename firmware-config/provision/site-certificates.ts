/**
 * A site's own certificate authority and the hub's certificate, made with the
 * openssl command-line tool for a site that has no certificates of its own.
 * The CA's key stays on the provisioning machine, beside the device secrets;
 * the hub gets its certificate and key, every device the CA certificate.
 * Keys are EC P-256: quick for the counter buttons' ESP32s to verify.
 */
import { execFile } from 'node:child_process';
import { access, chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A certificate and its private key, as PEM files. */
export interface CertificateFiles {
  certFile: string;
  keyFile: string;
}

const CA_DAYS = 3650;
/** The longest validity browsers accept; the hub reads a renewed certificate without a restart (hub/http/tls.ts). */
const HUB_DAYS = 397;
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** The site's CA in `dir`: the one made before if it is there, so that devices provisioned earlier keep trusting the hub. */
export async function siteCertificateAuthority(dir: string, siteName: string): Promise<CertificateFiles & { created: boolean }> {
  const ca = { certFile: join(dir, 'site-ca.crt'), keyFile: join(dir, 'site-ca.key') };
  if ((await exists(ca.certFile)) && (await exists(ca.keyFile))) return { ...ca, created: false };
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await openssl(['req', '-x509', ...EC_KEY, '-keyout', ca.keyFile, '-out', ca.certFile, '-days', String(CA_DAYS), '-subj', `/CN=${subjectText(`Lobbyline ${siteName} CA`)}`,
    '-addext', 'basicConstraints=critical,CA:TRUE,pathlen:0', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await chmod(ca.keyFile, 0o600);
  return { ...ca, created: true };
}

/** A certificate for the hub, valid for each of `names` (host names or IP addresses), signed by `ca`. */
export async function issueHubCertificate(ca: CertificateFiles, names: readonly string[], out: CertificateFiles): Promise<void> {
  if (names.length === 0) throw new Error('The hub certificate needs at least one host name or address');
  await mkdir(dirname(out.keyFile), { recursive: true });
  await mkdir(dirname(out.certFile), { recursive: true });
  const work = await mkdtemp(join(dirname(out.keyFile), '.hub-cert-'));
  try {
    const request = join(work, 'hub.csr');
    const extensions = join(work, 'hub.ext');
    const altNames = names.map((name) => (isIP(name) ? `IP:${name}` : `DNS:${name}`)).join(',');
    await writeFile(extensions, `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${altNames}\n`);
    await openssl(['req', '-new', ...EC_KEY, '-keyout', out.keyFile, '-out', request, '-subj', `/CN=${subjectText(names[0]!)}`]);
    await chmod(out.keyFile, 0o600);
    await openssl(['x509', '-req', '-in', request, '-CA', ca.certFile, '-CAkey', ca.keyFile, '-set_serial', `0x${randomSerial()}`, '-days', String(HUB_DAYS), '-extfile', extensions, '-out', out.certFile]);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args);
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`openssl ${args[0]} failed: ${(stderr || message).trim()}`);
  }
}

/** A distinct serial per certificate, which browsers require of one CA's certificates. */
function randomSerial(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('').replace(/^[89a-f]/, '1');
}

/** openssl's -subj reads / and = as separators. */
function subjectText(text: string): string {
  return text.replace(/[\\/=+]/g, (c) => `\\${c}`);
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
