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
    "src/core/agent/grounding.ts",
    "src/core/agent/guardrails.ts",
    "src/core/agent/reply-checks/roles.ts",
    "src/core/agent/reply-checks/commitments.ts",
    "src/core/agent/retrieval.ts",
    "src/core/domain/quotation.ts",
    "src/core/domain/order-money.ts",
    "src/core/crm/contact-rules.ts",
    "src/shell/middleware/token-auth.ts",
    "src/lib/secure-compare.ts",
    "src/core/domain/catalog-item.ts",
    "src/core/quality/flags/*.ts",
    "src/core/quality/alerts.ts",
    "src/core/quality/findings/grouping.ts",
    "src/core/quality/findings/comparison.ts",
    "src/app/jobs/job-rules.ts",
    "src/shell/durable-objects/conversation/delivery-rules.ts",
    "src/shell/durable-objects/conversation/echo-rules.ts",
    "src/app/catalog/sync-rules.ts",
    "src/core/staff/roles.ts",
    "src/app/staff/audit-row.ts",
    "src/adapters/llm/openrouter-errors.ts",
    "src/core/staff/throttle-rules.ts",
    "src/core/analytics/contact-match.ts",
    "src/core/analytics/segments.ts",
    "src/core/analytics/lead-score.ts",
    "src/core/analytics/schedule.ts",
    "src/core/analytics/agent-context.ts",
    "src/core/analytics/model/*.ts",
    "src/core/outreach/opt-out.ts",
    "src/core/outreach/proactive-rules.ts",
    "src/core/exports/csv.ts",
    "src/core/outreach/business-hours.ts",
    "src/core/outreach/digest.ts",
    "src/core/catalog/stock-moves.ts",
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
