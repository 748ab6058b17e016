/**
 * The layering check on tiny fixtures: each arrow against the layering is caught and named, the
 * arrows the layering allows pass, and `Env` below the shell is caught while a comment naming it
 * is not. Run with `node --test` (plain Node, like the cycle check).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { layerOf, layerViolations } from "./check-layers.ts";
import { sourceFixture } from "./source-fixture.ts";

test("the allowed direction passes: shell -> app -> adapters -> core -> lib", () => {
  const root = sourceFixture({
    "src/shell/index.ts": 'import { run } from "../app/run";\nimport { db } from "../adapters/db";\nexport default (env: Env) => run(db, env);\n',
    "src/app/run.ts": 'import { db } from "../adapters/db";\nimport { rule } from "../core/rule";\nexport const run = (...a: unknown[]) => rule(db, a);\n',
    "src/adapters/db.ts": 'import type { Row } from "../core/rule";\nimport { log } from "../lib/log";\nexport const db: Row[] = [];\nlog();\n',
    "src/core/rule.ts": 'import { log } from "../lib/log";\nexport type Row = { id: string };\nexport const rule = (..._: unknown[]) => log();\n',
    "src/lib/log.ts": "export const log = () => undefined;\n",
    "admin/src/app.tsx": 'import type { Row } from "../../src/core/rule";\nexport const rows: Row[] = [];\n',
  });
  assert.deepEqual(layerViolations(root).violations, []);
});

test("each arrow against the layering is named, type-only imports included", () => {
  const root = sourceFixture({
    "src/shell/composition.ts": "export type Services = {};\n",
    "src/app/use.ts": 'import type { Services } from "../shell/composition";\nexport const use = (s: Services) => s;\n',
    "src/adapters/repo.ts": 'import { use } from "../app/use";\nexport const repo = use;\n',
    "src/core/rule.ts": 'import { repo } from "../adapters/repo";\nexport const rule = repo;\n',
    "src/lib/text.ts": 'import { rule } from "../core/rule";\nexport const text = rule;\n',
    "admin/src/screen.tsx": 'import { repo } from "../../src/adapters/repo";\nexport const screen = repo;\n',
  });
  const found = layerViolations(root).violations.map((v) => `${v.file} -> ${v.target}: ${v.rule}`).sort();
  assert.deepEqual(found, [
    "admin/src/screen.tsx -> src/adapters/repo.ts: panel must not import adapters",
    "src/adapters/repo.ts -> src/app/use.ts: adapters must not import app",
    "src/app/use.ts -> src/shell/composition.ts: app must not import shell",
    "src/core/rule.ts -> src/adapters/repo.ts: core must not import adapters",
    "src/lib/text.ts -> src/core/rule.ts: lib must not import core",
  ]);
});

test("the Worker's Env named below the shell is caught; in a comment or another name it is not", () => {
  const root = sourceFixture({
    "src/app/catalog.ts": "export function open(env: Env) { return env; }\n",
    "src/app/fine.ts": "/** Built from the Worker's Env by the shell. */\nexport type LocalEnv = { Environment: string };\nexport const name = \"Env\";\n",
    "src/core/port.ts": "export type Stub = ReturnType<Env[\"CONVERSATIONS\"][\"get\"]>;\n",
  });
  const found = layerViolations(root).violations.map((v) => `${v.file}: ${v.rule}`).sort();
  assert.deepEqual(found, ["src/app/catalog.ts: app must not take the Worker's env (use Services)", "src/core/port.ts: core must not take the Worker's env (use Services)"]);
});

test("files outside the layered tree have no layer", () => {
  assert.equal(layerOf("test/helpers.ts"), null);
  assert.equal(layerOf("src/shell/index.ts"), "shell");
  assert.equal(layerOf("admin/src/main.tsx"), "panel");
});
