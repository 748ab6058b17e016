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

/** Resolves when nothing listens on host:port; otherwise refuses, naming the port. */
export function assertPortFree(port: number, host = "127.0.0.1"): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new StartRefused(`Port ${port} is already in use on ${host}. Stop whatever is using it, or start on another port: PORT=${port + 1} npm start`)
          : new StartRefused(`Port ${port} on ${host} cannot be used: ${error.message}`),
      );
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

export interface LockInfo {
  pid: number;
  port: number;
  startedAt: string;
}

/**
 * Takes `<stateDir>/start.lock` for this process. A lock whose process is gone (a crash, a kill -9)
 * is stale and taken over; a live one refuses. Returns the release function.
 */
export function acquireStateLock(stateDir: string, port: number, pid = process.pid): { release: () => void; tookOverStale: LockInfo | null } {
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
          `Another \`npm start\` (pid ${holder.pid}, port ${holder.port}, since ${holder.startedAt}) is using ${stateDir}. Stop it first, or give this one its own folder: LOCAL_STATE_DIR=.local-2 PORT=${port + 1} npm start`,
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
