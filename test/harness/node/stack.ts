import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { startScratchDatabase } from "../../../scripts/dev/scratch-database";
import { startLocalStack, type LocalStack, type LocalStackOptions } from "../../../scripts/dev/stack";
import { freePort } from "../../../scripts/simulate/stack";
import { until } from "../poll";
import { targetAt, type WorkerTarget } from "../target";

/** Lines of wrangler dev and the platform that say "error" without being an error of ours. */
const NOT_OURS = /Request\.cf|ENOTFOUND|getaddrinfo|GetAddrInfo|callbackTrampoline/;

/** A stack log that prints only our errors (`quiet`: more lines to pass over). */
export function errorsOnly(quiet?: RegExp): (line: string) => void {
  return (line) => {
    if (/error/i.test(line) && !NOT_OURS.test(line) && !quiet?.test(line)) console.log(`  ${line}`);
  };
}

export interface TestStackOptions extends Omit<LocalStackOptions, "stateDir" | "env" | "port" | "createDatabase" | "log"> {
  /** Names the state folder (`wa-agent-<name>-…`) and the scratch database (`wa_agent_<name>`). */
  name: string;
  /** Default: a free one. */
  port?: number;
  /** Set for the worker, over the process environment. */
  set?: Record<string, string>;
  /** Taken out of the environment, so a stand-in plays that service instead of a developer's real one. */
  unset?: readonly string[];
  /** "scratch": a throwaway database of its own unless DATABASE_URL is still set; "embedded" (default): as `npm start`. */
  database?: "scratch" | "embedded";
  /** Where the state folder goes: BENCH_STATE_DIR or the system's temporary folder by default. */
  stateRoot?: string;
  /** Default: `errorsOnly()`. */
  log?: (line: string) => void;
}

/** A whole local stack for a benchmark or a script test, and how to reach and stop it. */
export interface TestStack {
  stack: LocalStack;
  target: WorkerTarget;
  /** The stack's Postgres (two connections). */
  sql: postgres.Sql;
  /** Resolves once no catalog sync run is open: the first sync, which the start begins, has ended. */
  syncsEnded(timeoutMs?: number): Promise<void>;
  /** Stops the worker and the services, and removes the state folder. */
  stop(): Promise<void>;
}

/** Starts the product as `npm start` does (scripts/dev/stack.ts: wrangler dev, stand-ins, Postgres) in a state folder of its own. */
export async function startTestStack(options: TestStackOptions): Promise<TestStack> {
  const { name, port, set = {}, unset = [], database = "embedded", stateRoot = process.env.BENCH_STATE_DIR ?? tmpdir(), log = errorsOnly(), ...stackOptions } = options;
  const stateDir = mkdtempSync(join(stateRoot, `wa-agent-${name}-`));
  const env: Record<string, string | undefined> = { ...process.env, ...set };
  for (const key of unset) delete env[key];
  const scratch = database === "scratch" && !env.DATABASE_URL;
  const stack = await startLocalStack({
    ...stackOptions,
    stateDir,
    port: port ?? (await freePort()),
    env,
    log,
    createDatabase: scratch ? () => startScratchDatabase(`wa_agent_${name.replace(/\W/g, "_")}`) : undefined,
  });
  const sql = postgres(stack.services.databaseUrl, { max: 2, onnotice: () => undefined });
  return {
    stack,
    target: targetAt(stack),
    sql,
    async syncsEnded(timeoutMs = 120_000) {
      const open = async () => (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM catalog_sync_runs WHERE status IN ('queued','running','interrupted')`)[0]!.n;
      await until("the open catalog sync to end", async () => (await open()) === 0, { timeoutMs });
    },
    async stop() {
      await sql.end();
      await stack.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}
