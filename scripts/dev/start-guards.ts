import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";

/**
 * What `npm start` checks before it starts anything, so it refuses at once instead of reporting
 * success while something else serves: the worker's port must be free, and no other instance may
 * be using the same state folder (two embedded databases on one data directory damage it).
 */
export class StartRefused extends Error {
  override name = "StartRefused";
}

/** The start's two ports, named as the variables that set them. */
export interface StartPorts {
  PORT: number;
  ADMIN_PORT: number;
}

/**
 * Resolves when nothing listens on the port `variable` names; otherwise refuses, naming the port
 * and suggesting a free value of that same variable (never one the other variable uses).
 */
export async function assertPortFree(ports: StartPorts, variable: keyof StartPorts = "PORT", host = "127.0.0.1"): Promise<void> {
  const port = ports[variable];
  const error = await listenError(port, host);
  if (!error) return;
  if (error.code !== "EADDRINUSE") throw new StartRefused(`Port ${port} (${variable}) on ${host} cannot be used: ${error.message}`);
  const other = variable === "PORT" ? ports.ADMIN_PORT : ports.PORT;
  const what = variable === "PORT" ? "the worker" : "the panel";
  // Both taken (another `npm start` on the defaults, most likely): a value for each variable.
  if ((await listenError(other, host))?.code === "EADDRINUSE") {
    throw new StartRefused(
      `Port ${port} is already in use on ${host}, so ${what} cannot listen there (${variable}), and ${other} is taken too. Stop whatever is using them, or start on two free ports: ${await secondInstancePorts(ports, host)} npm start`,
    );
  }
  const free = await freePortAfter(port, [other], host);
  throw new StartRefused(
    `Port ${port} is already in use on ${host}, so ${what} cannot listen there (${variable}). Stop whatever is using it, or start ${what} on another port${free ? `: ${variable}=${free} npm start` : ` (set ${variable})`}`,
  );
}

/** The first port after `from` that is free on host and not among `avoid`; null when none of the next 100 is. */
export async function freePortAfter(from: number, avoid: number[], host = "127.0.0.1"): Promise<number | null> {
  for (let candidate = from + 1; candidate <= Math.min(65535, from + 100); candidate++) {
    if (avoid.includes(candidate)) continue;
    if (!(await listenError(candidate, host))) return candidate;
  }
  return null;
}

/** `PORT=… ADMIN_PORT=…` free for a second instance: two distinct free ports, neither of this start's. */
export async function secondInstancePorts(ports: StartPorts, host = "127.0.0.1"): Promise<string> {
  const worker = await freePortAfter(Math.max(ports.PORT, ports.ADMIN_PORT), [ports.PORT, ports.ADMIN_PORT], host);
  const panel = worker ? await freePortAfter(worker, [ports.PORT, ports.ADMIN_PORT], host) : null;
  return worker && panel ? `PORT=${worker} ADMIN_PORT=${panel}` : "PORT=<a free port> ADMIN_PORT=<another>";
}

function listenError(port: number, host: string): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => resolve(error));
    probe.listen(port, host, () => probe.close(() => resolve(null)));
  });
}

export interface LockInfo {
  pid: number;
  port: number;
  startedAt: string;
}

/**
 * Takes `<stateDir>/start.lock` for this process. A lock whose process is gone (a crash, a kill -9)
 * is stale and taken over; a live one refuses, suggesting `portsHint` (free ports, from
 * `secondInstancePorts`) for a second instance. Returns the release function.
 */
export function acquireStateLock(stateDir: string, port: number, pid = process.pid, portsHint = `PORT=${port + 1}`): { release: () => void; tookOverStale: LockInfo | null } {
  const path = join(stateDir, "start.lock");
  const info: LockInfo = { pid, port, startedAt: new Date().toISOString() };
  let stale: LockInfo | null = null;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // "wx" fails if the file exists: two starts racing cannot both take it.
      writeFileSync(path, JSON.stringify(info), { flag: "wx", mode: 0o600 });
      return {
        tookOverStale: stale,
        release: () => {
          if (readLock(path)?.pid === pid) rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readLock(path);
      if (holder && holder.pid !== pid && processAlive(holder.pid)) {
        throw new StartRefused(
          `Another \`npm start\` (pid ${holder.pid}, port ${holder.port}, since ${holder.startedAt}) is using ${stateDir}. Stop it first, or give this one its own folder: LOCAL_STATE_DIR=.local-2 ${portsHint} npm start`,
        );
      }
      stale = holder;
      rmSync(path, { force: true });
    }
  }
  throw new StartRefused(`Could not take the lock ${path}; another start is racing for it.`);
}

function readLock(path: string): LockInfo | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as LockInfo;
  } catch {
    return null;
  }
}

/** Signal 0 checks that a process exists without touching it; EPERM means it exists under another user. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
