/**
 * `npm run hash-secret`: reads a secret from standard input (so it stays out
 * of shell history) and prints the hash to put in the site file. Without a
 * flag, a staff password: scrypt. With `--device`, a device password: the
 * fast SHA-256 form, so it must be long and random (as provisioning makes
 * them); the hub then checks it at once at every login. With `--api-key`, an
 * API key, in the same fast form.
 */
import { fastSecretHash, hashSecret, MIN_FAST_SECRET_LENGTH } from '../access/credentials.ts';

const forApiKey = process.argv.includes('--api-key');
const forDevice = process.argv.includes('--device');
/** A fast hash keeps a secret from being guessed only by its length. */
const MIN_LENGTH = forApiKey ? 32 : forDevice ? MIN_FAST_SECRET_LENGTH : 12;

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const secret = input.replace(/\r?\n$/, '');
  if (secret.length < MIN_LENGTH) {
    console.error(
      forApiKey
        ? `Use an API key of at least ${MIN_LENGTH} random characters, e.g. from \`openssl rand -base64 32\`.`
        : forDevice
          ? `Use a device password of at least ${MIN_LENGTH} random characters, e.g. from \`openssl rand -base64 18\`.`
          : `Use a secret of at least ${MIN_LENGTH} characters.`,
    );
    process.exit(1);
  }
  console.log(forApiKey || forDevice ? fastSecretHash(secret) : hashSecret(secret));
});
