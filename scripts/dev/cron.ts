/**
 * Fires the worker's cron triggers locally. `wrangler dev` does not run crons on its own; with
 * `--test-scheduled` it exposes `/__scheduled?cron=…`, which this ticker calls when a cron
 * expression (five standard fields: numbers, `*`, `*\/n`, ranges and lists) matches the minute.
 */
export function cronMatches(expression: string, date: Date): boolean {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) throw new Error(`unsupported cron expression: ${expression}`);
  const values = [date.getUTCMinutes(), date.getUTCHours(), date.getUTCDate(), date.getUTCMonth() + 1, date.getUTCDay()];
  return fields.every((field, i) => fieldMatches(field, values[i]!));
}

function fieldMatches(field: string, value: number): boolean {
  return field.split(",").some((part) => {
    const [range, stepText] = part.split("/");
    const step = stepText ? Number(stepText) : 1;
    if (range === "*") return value % step === 0;
    const [from, to] = range!.split("-").map(Number);
    const end = to ?? (stepText ? Number.MAX_SAFE_INTEGER : from!);
    return value >= from! && value <= end && (value - from!) % step === 0;
  });
}

/** Calls `/__scheduled` for each matching cron at the top of every minute. Returns a stop function. */
export function startCronTicker(baseUrl: string, crons: string[], onFire: (cron: string, status: number | string) => void): () => void {
  let lastMinute = -1;
  const timer = setInterval(() => {
    const now = new Date();
    const minute = Math.floor(now.getTime() / 60_000);
    if (minute === lastMinute) return;
    lastMinute = minute;
    for (const cron of crons) {
      if (!cronMatches(cron, now)) continue;
      fetch(`${baseUrl}/__scheduled?cron=${encodeURIComponent(cron)}`)
        .then((response) => onFire(cron, response.status))
        .catch((error: unknown) => onFire(cron, String(error)));
    }
  }, 5_000);
  return () => clearInterval(timer);
}

/** The `crons = [...]` of wrangler.toml's [triggers] section. */
export function cronsFromWranglerToml(toml: string): string[] {
  const match = /\[triggers\][^[]*?crons\s*=\s*\[([^\]]*)\]/s.exec(toml);
  return match ? [...match[1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!) : [];
}
