/**
 * Waiting without timing assertions: ask again until the answer passes, with
 * a generous limit. A probe that throws (the page is between documents) is
 * asked again; the limit's error says what was awaited and what was last seen.
 */
export const WAIT_TIMEOUT = 20_000;
const INTERVAL = 50;
// One probe may hang while a document is torn down; give up on it and ask again.
const PROBE_TIMEOUT = 5_000;

export async function poll<T>(what: string, probe: () => Promise<T>, passes: (value: T) => boolean, timeout = WAIT_TIMEOUT): Promise<T> {
  const deadline = Date.now() + timeout;
  let last = 'nothing yet';
  for (;;) {
    try {
      const value = await Promise.race([
        probe(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the probe did not answer')), PROBE_TIMEOUT).unref()),
      ]);
      if (passes(value)) return value;
      last = JSON.stringify(value);
    } catch (error) {
      last = `error: ${(error as Error).message.split('\n')[0]}`;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${what}; last seen: ${last}`);
    await new Promise((resolve) => setTimeout(resolve, INTERVAL));
  }
}
