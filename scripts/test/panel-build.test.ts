import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

/**
 * Issue 20: the panel build `npm start` runs printed 30 lines of warnings on every start. Built
 * here into a folder of the test's own, in a child process as `npm start` builds it.
 */
describe("the panel build npm start runs", () => {
  it("prints one line, no wall of warnings", () => {
    const outDir = mkdtempSync(join(tmpdir(), "wa-panel-build-"));
    const tsx = join(process.cwd(), "node_modules", ".bin", "tsx");
    const code = `import("./scripts/dev/panel-build.ts").then((m) => m.buildPanelIfNeeded(console.log, { outDir: ${JSON.stringify(outDir)}, force: true }))`;
    const env = { ...process.env };
    delete env.VITE_CONFIG_NATIVE_IGNORE_WARNING;
    const result = spawnSync(tsx, ["-e", code], { encoding: "utf8", env, timeout: 180_000 });
    const out = `${result.stdout}${result.stderr}`;
    assert.equal(result.status, 0, out);
    assert.ok(existsSync(join(outDir, "index.html")), "the panel was built");
    assert.deepEqual(out.trim().split("\n"), [`panel: built into ${outDir}`]);
  });
});
