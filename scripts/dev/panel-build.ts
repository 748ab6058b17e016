import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

export const PANEL_DIR = resolve("admin");
export const PANEL_DIST = join(PANEL_DIR, "dist");

/** Sources whose change means the built panel is stale: the panel and the staff contract it is typed by. */
const SOURCES = [join(PANEL_DIR, "src"), join(PANEL_DIR, "public"), join(PANEL_DIR, "index.html"), join(PANEL_DIR, "vite.config.ts"), resolve("src/core/staff/contract/client.ts"), resolve("src/core/staff/contract"), resolve("src/core/staff/roles.ts")];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

/** True when admin/dist is missing or older than any of its sources. */
export function panelBuildIsStale(): boolean {
  const built = join(PANEL_DIST, "index.html");
  if (!existsSync(built)) return true;
  return Math.max(...SOURCES.map(newestMtime)) > statSync(built).mtimeMs;
}

/**
 * Builds the panel with Vite when it is missing or stale; says which it did. `outDir` and `force`
 * are for the test that checks the build prints no wall of warnings.
 */
export async function buildPanelIfNeeded(log: (line: string) => void, options: { outDir?: string; force?: boolean } = {}): Promise<"built" | "fresh"> {
  if (!options.force && !panelBuildIsStale()) return "fresh";
  const outDir = options.outDir ?? PANEL_DIST;
  const { build } = await import("vite");
  // Known harmless, so silenced here (issue 20: 30 lines on every start): vite.config.ts imports the
  // staff contract from ../src, written in the worker's style (extensionless imports, a directory
  // index). Vite 8 bundles the config, which resolves them; the warning is only that a future
  // major's "native" loader would not. ("runner", the other loader, prints its own deprecation.)
  process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING ??= "true";
  await build({ root: PANEL_DIR, configFile: join(PANEL_DIR, "vite.config.ts"), logLevel: "warn", build: { outDir, emptyOutDir: true } });
  log(`panel: built into ${outDir}`);
  return "built";
}
