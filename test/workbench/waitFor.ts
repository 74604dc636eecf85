/**
 * Polls `condition` every 100 ms until it holds; rejects after `timeoutMs` naming `what` (a function
 * is asked at the timeout, so the message can say what the condition last saw).
 */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  { timeoutMs, what }: { timeoutMs: number; what: string | (() => string) },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
