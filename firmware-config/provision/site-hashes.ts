/**
 * The site file the hub is given: the operator's site file with each device's
 * password hash (a hash is safe to commit; SHA-256 for the long random
 * passwords provisioning makes, scrypt for a shorter one a person chose) and
 * the site's public address for phones filled in. The operator's file is read, never written: its comments
 * and layout are kept in the copy, which goes to the output folder. Hashes
 * already there are checked, so that the site file and the secrets file never
 * disagree without anyone noticing.
 */
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { hashDeviceSecret, isFastHash, MIN_FAST_SECRET_LENGTH, verifySecret } from '../../hub/access/credentials.ts';

export class SiteSecretsMismatch extends Error {}

export interface HubSiteFile {
  /** The text to install on the hub. */
  text: string;
  /** Devices whose hashes were added, or changed from scrypt to the fast form their random password allows. */
  hashesAdded: string[];
}

/**
 * `publicUrl`: set as the site's top-level publicUrl (an older remoteWait.publicUrl gives way to it);
 * null leaves the address as the file has it.
 */
export function hubSiteFile(text: string, source: string, passwordOf: (deviceId: string) => string, publicUrl: string | null): HubSiteFile {
  const document = parseDocument(text);
  // A site file with syntax errors is reported by the site loader afterwards, with its lines.
  if (document.errors.length > 0) return { text, hashesAdded: [] };
  const hashesAdded = addDeviceHashes(document, source, passwordOf);
  const addressChanged = publicUrl !== null && setPublicUrl(document, publicUrl);
  if (hashesAdded.length === 0 && !addressChanged) return { text, hashesAdded };
  const isJson = text.trimStart().startsWith('{');
  return { text: isJson ? `${JSON.stringify(document.toJS(), null, 2)}\n` : document.toString({ lineWidth: 0 }), hashesAdded };
}

function addDeviceHashes(document: Document, source: string, passwordOf: (deviceId: string) => string): string[] {
  const devices = document.get('devices');
  if (!isSeq(devices)) return [];
  const added: string[] = [];
  for (const item of devices.items) {
    if (!isMap(item)) continue;
    const id = item.get('id');
    if (typeof id !== 'string') continue;
    const hash = item.get('secretHash');
    const password = passwordOf(id);
    if (typeof hash === 'string') {
      if (!verifySecret(password, hash)) {
        throw new SiteSecretsMismatch(
          `The secretHash of ${id} in ${source} does not match its password in the secrets file. Delete that secretHash to use the secrets file's password, or put the right password in the secrets file.`,
        );
      }
      // A long random password needs no slow hash, and a scrypt one costs the hub a pool thread at every login.
      if (isFastHash(hash) || password.length < MIN_FAST_SECRET_LENGTH) continue;
    }
    item.set('secretHash', hashDeviceSecret(password));
    added.push(id);
  }
  return added;
}

/** Puts publicUrl at the top, after the site's name and time zone where a person looks for it; answers whether anything changed. */
function setPublicUrl(document: Document, publicUrl: string): boolean {
  const root = document.contents;
  if (!isMap(root)) return false;
  const older = document.getIn(['remoteWait', 'publicUrl']);
  if (document.get('publicUrl') === publicUrl && older === undefined) return false;
  if (older !== undefined) document.deleteIn(['remoteWait', 'publicUrl']);
  if (document.has('publicUrl')) {
    document.set('publicUrl', publicUrl);
    return true;
  }
  const after = Math.max(...['siteId', 'name', 'timezone', 'languages'].map((key) => root.items.findIndex((pair) => isScalar(pair.key) && pair.key.value === key)));
  root.items.splice(after + 1, 0, document.createPair('publicUrl', publicUrl));
  return true;
}
