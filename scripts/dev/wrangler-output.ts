/**
 * Sorts wrangler's output for `npm start`: harmless noise of an offline machine (wrangler failing
 * to fetch `Request.cf` data from workers.cloudflare.com, with its stack trace) is replaced by one
 * quiet note; everything else is passed on.
 */
const NOISE = /Request\.cf|workers\.cloudflare\.com|cf\.json|fetching the incoming request's cf properties/i;
const STACK_LINE = /^\s+at\s|^\s*\{?\s*\[cause\]|^\s*(errno|code|syscall|hostname):|^\s*[}\]]\s*$|^\s*cause:/;

export function wranglerOutputFilter(emit: (line: string) => void, note: (line: string) => void): (line: string) => void {
  let inNoise = false;
  let noted = false;
  return (line: string) => {
    if (NOISE.test(line)) {
      inNoise = true;
      if (!noted) {
        noted = true;
        note("(offline: wrangler could not fetch Request.cf data from workers.cloudflare.com; harmless, request.cf uses defaults)");
      }
      return;
    }
    if (inNoise && (STACK_LINE.test(line) || /Error:|ENOTFOUND|getaddrinfo|fetch failed/i.test(line))) return;
    inNoise = false;
    emit(line);
  };
}
