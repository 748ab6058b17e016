/** How long to keep asking, and how often. */
export interface PollOptions {
  /** Default 30 s. */
  timeoutMs?: number;
  /** Pause between two reads; default 100 ms. */
  everyMs?: number;
}

/**
 * Reads `read` until `done` holds for what it returned, and returns that. Past the timeout it
 * fails naming `what` it waited for, how long, and the last value read.
 */
export async function poll<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, options: PollOptions = {}): Promise<T> {
  const { timeoutMs = 30_000, everyMs = 100 } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last read: ${shown(value)}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Polls `probe` until it returns something truthy (not null, undefined, false, 0 or ""), and returns that. */
export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, options: PollOptions = {}): Promise<T> {
  return (await poll(what, probe, Boolean, options)) as T;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
