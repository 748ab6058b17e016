/**
 * The cycle check itself, on tiny fixtures: it must find a loop, including one closed only by a
 * type import or through an index file, and must not invent one. Run with `node --test` (plain
 * Node: the check reads the file system, which the Workers test pool does not offer).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { importCycles } from "./check-cycles.ts";
import { sourceFixture } from "./source-fixture.ts";

test("finds a three-file loop closed by a type import and names it in order", () => {
  const root = sourceFixture({
    "src/a.ts": 'import { b } from "./b";\nexport const a = b;\n',
    "src/b.ts": 'export { c as b } from "./deep/c.js";\n',
    "src/deep/c.ts": 'import type { A } from "../a";\nexport const c = 1;\n',
    "src/free.ts": 'import { a } from "./a";\n',
  });
  const { files, cycles } = importCycles(["src"], root);
  assert.equal(files, 4);
  assert.deepEqual(cycles, [["src/a.ts", "src/b.ts", "src/deep/c.ts", "src/a.ts"]]);
});

test("follows index files, side-effect imports and dynamic imports across roots", () => {
  const root = sourceFixture({
    "src/lib/index.ts": 'import "../../queues/q";\n',
    "queues/q.ts": 'export async function load() { return import("../src/lib"); }\n',
  });
  assert.equal(importCycles(["src", "queues"], root).cycles.length, 1);
});

test("a one-way graph, packages and commented-out imports are no cycle", () => {
  const root = sourceFixture({
    "src/a.ts": 'import { z } from "zod";\nimport { b } from "./b";\n',
    "src/b.ts": '// import { a } from "./a";\n/* import { a } from "./a"; */\nexport const b = 1;\n',
  });
  assert.deepEqual(importCycles(["src"], root).cycles, []);
});

test("the command exits 1 on a cycle and 0 without", () => {
  const script = join(dirname(fileURLToPath(import.meta.url)), "check-cycles.ts");
  const looped = sourceFixture({ "src/a.ts": 'import "./b";\n', "src/b.ts": 'import "./a";\n' });
  const clean = sourceFixture({ "src/a.ts": 'import "./b";\n', "src/b.ts": "export {};\n" });
  const run = (cwd: string) => spawnSync(process.execPath, [script, "src"], { cwd, encoding: "utf8" });
  const failed = run(looped);
  assert.equal(failed.status, 1);
  assert.match(failed.stderr, /import cycle: src\/a\.ts -> src\/b\.ts -> src\/a\.ts/);
  assert.equal(run(clean).status, 0);
});
