import { defineConfig } from "vitest/config";

/**
 * The product's pure rules (grounding, guardrails, the quotation state machine and confirmation
 * rule, webhook authentication, catalog hashing) tested in plain Node: no workerd, no database,
 * no stand-ins. Fast, and the project Stryker mutates (`npm run mutate`, stryker.config.mjs).
 */
export default defineConfig({
  test: {
    name: "unit",
    include: ["test/unit/**/*.test.ts"],
    environment: "node",
    setupFiles: ["./test/unit/workers-runtime.ts"],
  },
});
