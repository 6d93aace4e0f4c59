/**
 * What the page remembers on this phone: the status link of the person's
 * current visit (so reopening /wait/ shows it) and the language they chose.
 * Private browsing may refuse storage; the page then simply forgets.
 */
const TOKEN_KEY = 'lobbyline.wait.token';
const LANGUAGE_KEY = 'lobbyline.wait.language';

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function read(key: string): string | null {
  try {
    return storage()?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) storage()?.removeItem(key);
    else storage()?.setItem(key, value);
  } catch {
    // Storage full or refused: the page works without it.
  }
}

/** The status link's token from the address (#token), kept for next time; else the one kept from before. */
export function currentToken(): string | null {
  const fromAddress = location.hash.slice(1);
  if (fromAddress) {
    write(TOKEN_KEY, fromAddress);
    return fromAddress;
  }
  return read(TOKEN_KEY);
}

/** Once a visit is over or its link unknown, reopening /wait/ shows the join page again. */
export function forgetToken(token: string): void {
  if (read(TOKEN_KEY) === token) write(TOKEN_KEY, null);
}

export function rememberedLanguage(): string | null {
  return read(LANGUAGE_KEY);
}

export function rememberLanguage(language: string): void {
  write(LANGUAGE_KEY, language);
}
