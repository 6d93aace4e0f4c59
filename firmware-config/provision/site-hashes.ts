/**
 * The hub checks device passwords against the scrypt hashes in the site file.
 * Provisioning writes the hash of each device's password there (a hash is
 * safe to commit) and checks the hashes already there, so that the site file
 * and the secrets file never disagree without anyone noticing.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { isMap, isSeq, parseDocument } from 'yaml';
import { hashSecret, verifySecret } from '../../hub/access/credentials.ts';

export class SiteSecretsMismatch extends Error {}

/** Adds missing device hashes to the site file in place, keeping its comments and layout; returns the devices it added. */
export async function writeDeviceHashes(sitePath: string, passwordOf: (deviceId: string) => string): Promise<string[]> {
  const text = await readFile(sitePath, 'utf8');
  const document = parseDocument(text);
  // A site file with syntax errors is reported by the site loader afterwards, with its lines.
  if (document.errors.length > 0) return [];
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
          `The secretHash of ${id} in ${sitePath} does not match its password in the secrets file. Delete that secretHash to use the secrets file's password, or put the right password in the secrets file.`,
        );
      }
      continue;
    }
    item.set('secretHash', hashSecret(password));
    added.push(id);
  }
  if (added.length === 0) return added;
  const isJson = text.trimStart().startsWith('{');
  await writeFile(sitePath, isJson ? `${JSON.stringify(document.toJS(), null, 2)}\n` : document.toString({ lineWidth: 0 }));
  return added;
}
