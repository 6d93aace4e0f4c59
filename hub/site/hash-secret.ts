/**
 * `npm run hash-secret`: reads a device or staff password from standard input
 * (so it stays out of shell history) and prints the scrypt hash to put in the
 * site file. With `--api-key`, reads an API key and prints its SHA-256 form:
 * a long random key needs no slow hash, and the hub checks it at once.
 */
import { apiKeyHash } from '../access/api-keys.ts';
import { hashSecret } from '../access/credentials.ts';

const forApiKey = process.argv.includes('--api-key');
/** A key is compared by a fast hash, so its length is what keeps it from being guessed. */
const MIN_LENGTH = forApiKey ? 32 : 12;

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => {
  const secret = input.replace(/\r?\n$/, '');
  if (secret.length < MIN_LENGTH) {
    console.error(
      forApiKey
        ? `Use an API key of at least ${MIN_LENGTH} random characters, e.g. from \`openssl rand -base64 32\`.`
        : `Use a secret of at least ${MIN_LENGTH} characters.`,
    );
    process.exit(1);
  }
  console.log(forApiKey ? apiKeyHash(secret) : hashSecret(secret));
});
