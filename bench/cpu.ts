import { readdirSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { percentile } from "./stats";

/**
 * Worker CPU per request, read from /proc (Linux) for the workerd processes `wrangler dev` started
 * (wrangler's own Node process, which only starts and watches them, is left out). Each thread's
 * `schedstat` gives the nanoseconds it ran, so one request can be measured on its own; `stat`'s
 * user + system time counts in 10 ms ticks and only suits long phases. CPU time, unlike wall time,
 * does not grow when the 2 shared cores are busy with other work (caches aside).
 */

/** The workerd processes below `rootPid` (wrangler dev's process). */
export function workerdPids(rootPid: number): number[] {
  const parents = new Map<number, number>();
  const workerd: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name (which may hold spaces) in parentheses.
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
      if (stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")).startsWith("workerd")) workerd.push(Number(entry));
    } catch {
      // The process ended meanwhile.
    }
  }
  const below = (pid: number): boolean => {
    for (let p: number | undefined = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === rootPid) return true;
    return false;
  };
  return workerd.filter(below);
}

/** CPU time (ms, nanosecond resolution) every live thread of these processes has run so far. */
export function threadsCpuMs(pids: number[]): number {
  let ns = 0;
  for (const pid of pids) {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
      } catch {
        // The thread ended meanwhile.
      }
    }
  }
  return ns / 1e6;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the processes ran less than `quietMs` of CPU in each of two windows of `windowMs`
 * in a row, so work a request left behind (records written after the reply) ends up in its own
 * sample and not in the next one. Gives up after `maxMs`.
 */
export async function settle(pids: number[], { windowMs = 50, quietMs = 0.5, maxMs = 5000 } = {}): Promise<boolean> {
  const started = Date.now();
  let quiet = 0;
  let last = threadsCpuMs(pids);
  while (Date.now() - started < maxMs) {
    await sleep(windowMs);
    const now = threadsCpuMs(pids);
    quiet = now - last < quietMs ? quiet + 1 : 0;
    last = now;
    if (quiet >= 2) return true;
  }
  return false;
}

/** Workerd CPU (ms) from a settled start to a settled end around `action`. */
export async function cpuOf(pids: number[], action: () => Promise<unknown>): Promise<number> {
  await settle(pids);
  const before = threadsCpuMs(pids);
  await action();
  await settle(pids);
  return threadsCpuMs(pids) - before;
}

/** What one round measures: an empty webhook request, a message opening a new chat, a message in a chat under way. */
export const KINDS = ["empty", "fresh", "ongoing"] as const;
export type Kind = (typeof KINDS)[number];

export type CpuSample = { mode: string; round: number } & Record<Kind, number>;

type Quartiles = { p25: number; p50: number; p75: number };
const quartiles = (values: number[]): Quartiles => ({ p25: percentile(values, 25), p50: percentile(values, 50), p75: percentile(values, 75) });

export interface CpuSummary {
  n: number;
  /** Per kind: CPU per request (ms), its difference from the same round's empty request, and the median's ratio to the empty request's. */
  kinds: Record<Kind, { cpu: Quartiles; difference: Quartiles; ratio: number }>;
}

export function summarizeCpu(samples: CpuSample[]): CpuSummary {
  const empty = quartiles(samples.map((s) => s.empty));
  const kind = (k: Kind) => {
    const cpu = quartiles(samples.map((s) => s[k]));
    return { cpu, difference: quartiles(samples.map((s) => s[k] - s.empty)), ratio: cpu.p50 / empty.p50 };
  };
  return { n: samples.length, kinds: { empty: kind("empty"), fresh: kind("fresh"), ongoing: kind("ongoing") } };
}

export function formatCpu(name: string, s: CpuSummary): string {
  const q = (v: Quartiles) => `${v.p50.toFixed(1)} (${v.p25.toFixed(1)}–${v.p75.toFixed(1)})`;
  const { empty, fresh, ongoing } = s.kinds;
  return [
    `   ${name}: n=${s.n} rounds; ms median (p25–p75)`,
    `     empty request ${q(empty.cpu)}`,
    `     message in a new chat ${q(fresh.cpu)}, minus empty ${q(fresh.difference)}, ratio ${fresh.ratio.toFixed(1)}×`,
    `     message in a chat under way ${q(ongoing.cpu)}, minus empty ${q(ongoing.difference)}, ratio ${ongoing.ratio.toFixed(1)}×`,
  ].join("\n");
}

export interface CpuPhase {
  pids: number[];
  /** Switches the settings for a mode; false when this code has no such settings. */
  applyMode(flags: Record<string, boolean>): Promise<boolean>;
  /** One empty webhook request, answered. */
  empty(): Promise<void>;
  /** One inbound message in this chat (digits), until its reply reaches the Wazzup stand-in; false if none came. */
  message(chat: string): Promise<boolean>;
}

const MODES: Record<string, Record<string, boolean>> = {
  off: { preRetrieval: false, continuedTurns: false },
  on: { preRetrieval: true, continuedTurns: true },
};

/**
 * The cpu phase: per mode (BENCH_CPU_MODES, "off,on"), `samples` rounds of an empty request, a
 * message opening a new chat and a message in one of the chats opened during the warm-up (each
 * gets one every `chats` rounds, so its history stays under the 20 messages a summary starts at),
 * in an order that rotates, each measured on its own between settled points. With
 * BENCH_CPU_LOCKSTEP=1 each round waits for a line on stdin and reports `cpu:sample {json}`
 * (bench/cpu-ab.ts alternates several checkouts' stacks round by round that way).
 */
export async function cpuPhase(phase: CpuPhase, samples: number): Promise<CpuSample[]> {
  const lockstep = process.env.BENCH_CPU_LOCKSTEP === "1";
  const lines = lockstep ? createInterface({ input: process.stdin })[Symbol.asyncIterator]() : null;
  const wanted = (process.env.BENCH_CPU_MODES ?? "off,on").split(",").filter((m) => m in MODES);
  const modes = (await phase.applyMode(MODES[wanted[0]!]!)) ? wanted : ["today"];
  const chats = Math.max(10, Math.ceil(samples / 8));
  console.log(`4. Worker CPU (workerd threads' run time from /proc, settled before and after each request): ${samples} rounds per mode of an empty webhook request, a message in a new chat and one in a chat under way (${chats} chats)`);
  const all: CpuSample[] = [];
  for (const [k, mode] of modes.entries()) {
    if (mode !== "today") {
      await phase.applyMode(MODES[mode]!);
      // Settings are read at most every SETTINGS_TTL_MS (15 s by default).
      await sleep(16_000);
    }
    // Warm this mode's code paths and open the chats under way (not counted).
    for (let i = 0; i < chats; i++) await phase.message(`7${k}${String(i).padStart(4, "0")}`);
    const taken: CpuSample[] = [];
    for (let round = 0; round < samples; round++) {
      if (lines) {
        console.log(`cpu:ready ${mode} ${round}`);
        if ((await lines.next()).done) break;
      }
      let answered = true;
      const measure: Record<Kind, () => Promise<number>> = {
        empty: () => cpuOf(phase.pids, () => phase.empty()),
        fresh: () => cpuOf(phase.pids, async () => (answered = (await phase.message(`6${k}${String(round).padStart(4, "0")}`)) && answered)),
        ongoing: () => cpuOf(phase.pids, async () => (answered = (await phase.message(`7${k}${String(round % chats).padStart(4, "0")}`)) && answered)),
      };
      const sample: CpuSample = { mode, round, empty: 0, fresh: 0, ongoing: 0 };
      // Rotate the order, so no kind always follows another's leftovers.
      for (let i = 0; i < KINDS.length; i++) {
        const kind = KINDS[(round + i) % KINDS.length]!;
        sample[kind] = await measure[kind]();
      }
      if (answered) taken.push(sample);
      if (lines) console.log(`cpu:sample ${JSON.stringify({ ...sample, answered })}`);
    }
    console.log(formatCpu(`${mode} (${taken.length}/${samples} rounds answered)`, summarizeCpu(taken)));
    all.push(...taken);
  }
  if (lines) console.log("cpu:end");
  return all;
}
