/**
 * Fails when an import runs against the layering (docs/architecture.md, ADR 0016):
 *
 *   shell -> app -> adapters -> core -> lib        (each may also import anything to its right)
 *
 * - `src/shell`: the Worker entry, routes, middleware, Durable Objects, queue consumers and the
 *   composition that builds `Services` from the Worker's env. The only layer that may see `env`.
 * - `src/app`: use cases that run core rules against the database and Zoho.
 * - `src/adapters`: the database, Zoho, the channels' wire formats, the model, vectors; they may
 *   take core types and rules, never a use case.
 * - `src/core`: rules, the agent, ports and contracts; imports nothing outside itself but `lib`.
 * - `src/lib`: logging and text helpers that import nothing of ours.
 * The panel (`admin/src`) may import only `src/core` and `src/lib` (it is bundled for a browser).
 * It also fails on the Worker's `Env` type named outside the shell: below the shell, what a
 * capability needs arrives through `Services` (src/app/services.ts), not the raw bindings.
 *
 * Usage: `npm run check:layers` (plain Node with type stripping, no dependencies).
 */
import { readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { importGraph, sourceFiles, withoutComments } from "./check-cycles.ts";

export type Layer = "shell" | "app" | "adapters" | "core" | "lib" | "panel";

/** What each layer may import, itself included. */
export const ALLOWED: Readonly<Record<Layer, readonly Layer[]>> = {
  shell: ["shell", "app", "adapters", "core", "lib"],
  app: ["app", "adapters", "core", "lib"],
  adapters: ["adapters", "core", "lib"],
  core: ["core", "lib"],
  lib: ["lib"],
  panel: ["panel", "core", "lib"],
};

const LAYER_ROOTS: readonly (readonly [string, Layer])[] = [
  ["src/shell/", "shell"],
  ["src/app/", "app"],
  ["src/adapters/", "adapters"],
  ["src/core/", "core"],
  ["src/lib/", "lib"],
  ["admin/src/", "panel"],
];

/** The layer of a path relative to the project root; null for files outside the layered tree (tests, tools). */
export function layerOf(path: string): Layer | null {
  const normal = path.replaceAll("\\", "/");
  for (const [prefix, layer] of LAYER_ROOTS) if (normal.startsWith(prefix)) return layer;
  return null;
}

export interface Violation {
  file: string;
  /** The imported file, or `Env` for the Worker's bindings named below the shell. */
  target: string;
  rule: string;
}

const ENV_TYPE = /(?<![\w.$"'`])Env\b(?!\s*[=:(])/;

/** Every import against the layering, and every `Env` named outside the shell, under `cwd`. */
export function layerViolations(cwd = process.cwd()): { files: number; violations: Violation[] } {
  const files = ["src", "admin/src"].flatMap((root) => sourceFiles(resolve(cwd, root)));
  const graph = importGraph(files);
  const violations: Violation[] = [];
  for (const [absolute, targets] of graph) {
    const file = relative(cwd, absolute);
    const from = layerOf(file);
    if (!from) continue;
    for (const target of targets) {
      const to = layerOf(relative(cwd, target));
      if (to && !ALLOWED[from].includes(to)) violations.push({ file, target: relative(cwd, target), rule: `${from} must not import ${to}` });
    }
    if (from !== "shell" && from !== "panel" && ENV_TYPE.test(withoutComments(readFileSync(absolute, "utf8")))) {
      violations.push({ file, target: "Env", rule: `${from} must not take the Worker's env (use Services)` });
    }
  }
  return { files: files.length, violations };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { files, violations } = layerViolations();
  for (const v of violations) console.error(`layering: ${v.file} -> ${v.target} (${v.rule})`);
  console.log(`check-layers: ${files} files in src, admin/src; ${violations.length} import(s) against the layering`);
  process.exit(violations.length > 0 ? 1 : 0);
}
