/**
 * `npm run hash-secret`: reads a device password or API key from standard
 * input (so it stays out of shell history) and prints the hash to put in the site file.
 */
import { hashSecret } from '../access/credentials.ts';

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const secret = input.replace(/\r?\n$/, '');
  if (secret.length < 12) {
    console.error('Use a secret of at least 12 characters.');
    process.exit(1);
  }
  console.log(hashSecret(secret));
});
