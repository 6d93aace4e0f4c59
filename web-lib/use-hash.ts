import { useLayoutEffect, useState } from 'preact/hooks';

/**
 * A value read from the address's #fragment (a screen, a status link's
 * token), kept up to date as the address changes. It listens from the moment
 * the page is drawn, and reads the address once more then, so a change made
 * in between (a shortcut pressed as the screen appears) is not missed.
 */
export function useFromHash<T>(read: () => T, inputs: readonly unknown[] = []): T {
  const [value, setValue] = useState(read);
  useLayoutEffect(() => {
    const onHash = () => setValue(read());
    window.addEventListener('hashchange', onHash);
    onHash();
    return () => window.removeEventListener('hashchange', onHash);
  }, inputs);
  return value;
}
