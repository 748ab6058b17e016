import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { delimiter, sep } from "node:path";
import { describe, it } from "node:test";

/**
 * Issue 20: a fresh `npm install` (what CI runs on a fresh clone) rewrote package-lock.json and
 * printed 55 engine warnings. The lock must already hold every package a fresh install resolves,
 * and an install must print no EBADENGINE warning (.npmrc says why they do not apply).
 */
interface LockEntry {
  optionalDependencies?: Record<string, string>;
  dependencies?: Record<string, string>;
}

/** Where Node (and npm) find `name` from the package at `path`: its own node_modules, then each parent's. */
function resolves(packages: Record<string, LockEntry>, path: string, name: string): boolean {
  let base = path;
  for (;;) {
    if (packages[`${base ? `${base}/` : ""}node_modules/${name}`]) return true;
    if (!base) return false;
    const parent = base.lastIndexOf("/node_modules/");
    base = parent >= 0 ? base.slice(0, parent) : "";
  }
}

describe("npm install on a fresh clone", () => {
  it("finds every dependency, optional ones of other platforms too, in the lock (so it does not rewrite it)", () => {
    const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as { packages: Record<string, LockEntry> };
    const missing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
        if (!resolves(lock.packages, path, name)) missing.push(`${name} (needed by ${path || "the project"})`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it("prints no engine warning", () => {
    // A dry run reads the lock and checks every package's engines as an install does, writing nothing.
    // On the machine's Node, as on a fresh clone: without node_modules/.bin on PATH (npm scripts put
    // it first, and npm would then run on the project's Node 22 and have nothing to warn about).
    const path = (process.env.PATH ?? "").split(delimiter).filter((dir) => !dir.includes(`node_modules${sep}.bin`)).join(delimiter);
    const result = spawnSync("npm", ["install", "--dry-run", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts"], { encoding: "utf8", timeout: 120_000, env: { ...process.env, PATH: path } });
    const out = `${result.stdout}${result.stderr}`;
    assert.equal(result.status, 0, out);
    assert.doesNotMatch(out, /EBADENGINE/);
    assert.doesNotMatch(out, /npm warn/);
  });
});
