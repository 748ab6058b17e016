import { readdirSync, readFileSync } from "node:fs";

/**
 * CPU time (user + system, ms) used so far by the workerd processes below a process, from /proc
 * (Linux): the benchmark reads it for `wrangler dev`'s workerd before and after a phase (wrangler's
 * own Node process, which only starts and watches it, is left out).
 */
export function treeCpuMs(rootPid: number): number {
  const parents = new Map<number, number>();
  const cpu = new Map<number, number>();
  const ticksPerSecond = 100;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name (which may hold spaces) in parentheses.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parents.set(Number(entry), Number(fields[1]));
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      if (name.startsWith("workerd")) cpu.set(Number(entry), ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond);
    } catch {
      // The process ended meanwhile.
    }
  }
  let total = 0;
  for (const [pid, ms] of cpu) {
    for (let p: number | undefined = pid; p !== undefined && p > 1; p = parents.get(p)) {
      if (p === rootPid) {
        total += ms;
        break;
      }
    }
  }
  return total;
}
