import { defineConfig } from "vitest/config";

/**
 * The product's pure rules (grounding, guardrails, the quotation state machine and confirmation
 * rule, webhook authentication, catalog hashing, the Zoho job ledger's retry rules, the outbox's
 * delivery rules, catalog sync decisions, roles and audit rows) tested in plain Node: no workerd,
 * no database, no stand-ins. Fast, and the project Stryker mutates (`npm run mutate`, stryker.config.mjs).
 */
export default defineConfig({
  test: {
    name: "unit",
    include: ["test/unit/**/*.test.ts", "admin/test/**/*.test.ts"],
    environment: "node",
    // The rules keep no global state: one worker for every file is safe, and makes each of
    // Stryker's hundreds of runs start in milliseconds instead of a second per file.
    isolate: false,
    pool: "threads",
    setupFiles: ["./test/unit/workers-runtime.ts"],
  },
});
