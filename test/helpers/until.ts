/** Resolves once `condition` holds, polling; rejects after `timeoutMs` naming `what` it waited for. The positive marker a negative check waits for. */
export async function until(condition: () => boolean | Promise<boolean>, what = 'the condition', timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
