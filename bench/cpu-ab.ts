import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { formatCpu, summarizeCpu, type CpuSample, type Kind } from "./cpu";
import { percentile } from "./stats";

/**
 * Worker CPU per message of several checkouts (or settings) measured in the same run, round by
 * round: `tsx bench/cpu-ab.ts before=../cpu-before:on now=.:on now-off=.:off` starts one
 * `BENCH_PHASES=cpu` benchmark per side (its own stack, port and database), each with
 * BENCH_CPU_LOCKSTEP=1, and lets one side take a round (an empty request and a message answered)
 * at a time, the first side rotating, so a busy spell on the shared cores falls on all sides alike.
 * The part after ":" is the side's BENCH_CPU_MODES (a checkout without the settings runs "today").
 * Every side's checkout needs this bench/cpu.ts and bench/webhook.ts. BENCH_CPU_SAMPLES: rounds (40);
 * BENCH_CPU_OUT: a file for every sample (JSON).
 */
interface Side {
  label: string;
  child: ChildProcess;
  samples: CpuSample[];
  /** Resolves with the next protocol line (`cpu:ready`, `cpu:sample`, `cpu:end`). */
  next(): Promise<string>;
  /** Resolves once the side's stack answers (or the side ended). */
  started: Promise<void>;
}

const rounds = Number(process.env.BENCH_CPU_SAMPLES ?? 40);
const specs = process.argv.slice(2).map((arg, i) => {
  const [label, rest] = arg.split("=") as [string, string | undefined];
  const [dir, modes] = (rest ?? ".").split(":");
  return { label, dir: resolve(dir || "."), modes: modes || "on", port: Number(process.env.BENCH_PORT ?? 8860) + i };
});
if (specs.length < 2) throw new Error("usage: tsx bench/cpu-ab.ts label=dir[:mode] label=dir[:mode] ...");

function start(spec: (typeof specs)[number]): Side {
  const child = spawn(resolve(spec.dir, "node_modules/.bin/tsx"), ["bench/webhook.ts"], {
    cwd: spec.dir,
    env: { ...process.env, BENCH_PHASES: "cpu", BENCH_CPU_LOCKSTEP: "1", BENCH_CPU_MODES: spec.modes, BENCH_CPU_SAMPLES: String(rounds), BENCH_PORT: String(spec.port) },
    stdio: ["pipe", "pipe", "inherit"],
  });
  let markStarted = () => {};
  const queue: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  const side: Side = {
    label: spec.label,
    child,
    samples: [],
    next: () => new Promise((resolveLine) => (queue.length ? resolveLine(queue.shift()!) : waiting.push(resolveLine))),
    started: new Promise((done) => (markStarted = done)),
  };
  const deliver = (line: string) => (waiting.length ? waiting.shift()!(line) : queue.push(line));
  createInterface({ input: child.stdout! }).on("line", (line) => {
    if (line.startsWith("database:")) markStarted();
    if (line.startsWith("cpu:")) deliver(line);
    else if (/^ {3}\S|^\d\. |error/i.test(line) && !/WARNING/.test(line)) console.log(`[${spec.label}] ${line}`);
  });
  child.on("exit", (code) => {
    markStarted();
    deliver(`cpu:end exit ${code}`);
  });
  return side;
}

// One at a time: wrangler picks its free ports when it starts, and two starting together can pick the same.
const sides: Side[] = [];
for (const spec of specs) {
  sides.push(start(spec));
  await sides[sides.length - 1]!.started;
}
try {
  for (let round = 0; round < rounds; round++) {
    // Every side is set up and waiting (the first round waits for all stacks to start and warm up).
    const ready = await Promise.all(sides.map((s) => s.next()));
    if (ready.some((line) => !line.startsWith("cpu:ready"))) throw new Error(`a side stopped: ${ready.join("; ")}`);
    for (let k = 0; k < sides.length; k++) {
      const side = sides[(round + k) % sides.length]!;
      side.child.stdin!.write("go\n");
      const line = await side.next();
      if (!line.startsWith("cpu:sample ")) throw new Error(`${side.label}: ${line}`);
      const sample = JSON.parse(line.slice("cpu:sample ".length)) as CpuSample & { answered: boolean };
      if (sample.answered) side.samples.push(sample);
    }
    if ((round + 1) % 10 === 0) console.log(`round ${round + 1}/${rounds}`);
  }
} finally {
  for (const side of sides) side.child.stdin!.end();
  await Promise.all(sides.map((s) => new Promise((done) => (s.child.exitCode === null ? s.child.on("exit", done) : done(null)))));
}

console.log(`\nWorker CPU per request, ${rounds} rounds, sides alternated round by round:`);
const summaries = sides.map((s) => ({ side: s, summary: summarizeCpu(s.samples) }));
for (const { side, summary } of summaries) console.log(formatCpu(`${side.label} (${side.samples[0]?.mode})`, summary));
if (process.env.BENCH_CPU_OUT) writeFileSync(process.env.BENCH_CPU_OUT, JSON.stringify(Object.fromEntries(sides.map((s) => [s.label, s.samples]))));
const [base, ...others] = summaries;
const byRound = (samples: CpuSample[]) => new Map(samples.map((s) => [s.round, s]));
for (const { side, summary } of others) {
  const baseRounds = byRound(base!.side.samples);
  const line = (kind: Kind) => {
    // Paired by round: the sides measured back to back.
    const paired = side.samples.flatMap((s) => {
      const b = baseRounds.get(s.round);
      return b ? [(s[kind] - s.empty) / (b[kind] - b.empty)] : [];
    });
    const mine = summary.kinds[kind];
    const theirs = base!.summary.kinds[kind];
    const lower = paired.filter((r) => r < 1).length;
    return (
      `     ${kind}: CPU ${(mine.cpu.p50 / theirs.cpu.p50).toFixed(2)}×, minus empty ${(mine.difference.p50 / theirs.difference.p50).toFixed(2)}×, ` +
      `ratio to empty ${mine.ratio.toFixed(1)}× vs ${theirs.ratio.toFixed(1)}×; per round (minus empty) ${percentile(paired, 50).toFixed(2)} (${percentile(paired, 25).toFixed(2)}–${percentile(paired, 75).toFixed(2)}, n=${paired.length}), ` +
      `lower in ${lower}/${paired.length} rounds (sign test p=${signTest(lower, paired.length).toPrecision(2)})`
    );
  };
  console.log(`   ${side.label} / ${base!.side.label}:\n${line("fresh")}\n${line("ongoing")}`);
}

/** Two-sided sign test: the chance of a split at least this uneven if each round were a coin toss. */
function signTest(k: number, n: number): number {
  const extreme = Math.min(k, n - k);
  let tail = 0;
  for (let i = 0, choose = 1; i <= extreme; choose = (choose * (n - i)) / (i + 1), i++) tail += choose / 2 ** n;
  return Math.min(1, 2 * tail);
}
