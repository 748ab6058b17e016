// @ts-check
/**
 * Mutation testing of the modules that carry the product's rules (`npm run mutate`). Stryker runs
 * the plain-Node unit project (vitest.unit.config.ts): the Workers pool cannot host it, and the
 * rules are pure. Incremental: unchanged mutants reuse .stryker-incremental.json, so a re-run after
 * a small change takes seconds. Two workers, as the machine is shared.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.unit.config.ts" },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: [
    "src/agent/grounding.ts",
    "src/agent/guardrails.ts",
    "src/agent/checks/roles.ts",
    "src/agent/checks/commitments.ts",
    "src/agent/retrieval.ts",
    "src/domain/quotation.ts",
    "src/domain/order-money.ts",
    "src/crm/contact-rules.ts",
    "src/middleware/token-auth.ts",
    "src/lib/secure-compare.ts",
    "src/domain/catalog-item.ts",
    "src/quality/checks/*.ts",
    "src/quality/alerts.ts",
    "src/quality/findings/grouping.ts",
    "src/quality/findings/comparison.ts",
    "src/jobs/job-rules.ts",
    "durable-objects/conversation/delivery-rules.ts",
    "durable-objects/conversation/echo-rules.ts",
    "src/catalog/sync-rules.ts",
    "src/staff/roles.ts",
    "src/staff/audit-row.ts",
    "src/adapters/llm/openrouter-errors.ts",
    "src/staff/throttle-rules.ts",
    "src/analytics/contact-match.ts",
    "src/analytics/segments.ts",
    "src/analytics/lead-score.ts",
    "src/analytics/schedule.ts",
    "src/analytics/agent-context.ts",
    "src/analytics/model/*.ts",
    "src/outreach/opt-out.ts",
    "src/outreach/proactive-rules.ts",
    "src/exports/csv.ts",
    "src/outreach/business-hours.ts",
    "src/outreach/digest.ts",
    "src/catalog/stock-moves.ts",
  ],
  // The sandbox needs only the code and the unit tests, not the data, benchmarks or admin panel.
  ignorePatterns: ["/data", "/bench", "/admin", "/docs", "/migrations", "/scripts", "/stand-ins", "/.local", "/.wrangler", "/reports"],
  concurrency: 2,
  // Static mutants (module-level regexes and word lists) each need every test with a fresh module
  // graph: 27% of the mutants took 85% of the time. The unit tests exercise those lists by
  // behaviour; the mutation run covers the logic.
  ignoreStatic: true,
  incremental: true,
  coverageAnalysis: "perTest",
  reporters: ["clear-text", "progress"],
  thresholds: { high: 90, low: 80, break: null },
  timeoutMS: 10_000,
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
