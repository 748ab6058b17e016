import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { TEST_CHANNEL_ID, TEST_SECRETS, TEST_ZOHO } from "./test/setup/secrets.ts";

export default defineConfig({
  plugins: [
    cloudflareTest(({ inject }) => ({
      // The production worker plus test-only probes on the conversation object (test/worker.ts).
      main: "./test/worker.ts",
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        // Production batches wait up to 5 s; tests deliver at once so a multi-invocation sync takes moments.
        queueConsumers: {
          "zoho-sync": { maxBatchSize: 10, maxBatchTimeout: 0.05, maxRetries: 8, retryDelay: 1, deadLetterQueue: "zoho-sync-dlq" },
          "zoho-sync-dlq": { maxBatchSize: 10, maxBatchTimeout: 0.05, maxRetries: 5, retryDelay: 1 },
          "zoho-crm": { maxBatchSize: 10, maxBatchTimeout: 0.05, maxRetries: 8, retryDelay: 1, deadLetterQueue: "zoho-crm-dlq" },
          "zoho-crm-dlq": { maxBatchSize: 10, maxBatchTimeout: 0.05, maxRetries: 5, retryDelay: 1 },
          "quality-reviews": { maxBatchSize: 5, maxBatchTimeout: 0.05, maxRetries: 5, retryDelay: 1, deadLetterQueue: "quality-reviews-dlq" },
          "quality-reviews-dlq": { maxBatchSize: 10, maxBatchTimeout: 0.05, maxRetries: 5, retryDelay: 1 },
        },
        bindings: {
          ...TEST_SECRETS,
          DATABASE_URL: inject("databaseUrl"),
          NEON_WS_PROXY: inject("neonProxy"),
          WAZZUP_API_URL: inject("wazzupUrl"),
          WAZZUP_CHANNEL_ID: TEST_CHANNEL_ID,
          TELEGRAM_API_URL: inject("telegramUrl"),
          OPENROUTER_BASE_URL: inject("openrouterUrl"),
          LLM_MODEL: "test/primary-model",
          LLM_FALLBACK_MODEL: "test/fallback-model",
          TRANSCRIBE_BASE_URL: inject("transcribeUrl"),
          // A short burst wait so burst tests exercise the real mechanism; settings are re-read every turn.
          REPLY_DEBOUNCE_MS: "300",
          SETTINGS_TTL_MS: "0",
          MANAGER_PHONES: "971500000001,971500000002",
          // Zoho: accounts and API on one stand-in; the API host comes from the token's api_domain.
          ZOHO_ACCOUNTS_URL: inject("zohoUrl"),
          ZOHO_CLIENT_ID: TEST_ZOHO.clientId,
          ZOHO_ORGANIZATION_ID: TEST_ZOHO.organizationId,
          ZOHO_RETRY_BASE_MS: "20",
          // After Zoho's "Access Denied" token grants pause for 10 minutes; 20 s here, so the test
          // sees the pause refuse a call and then expire on its own.
          ZOHO_TOKEN_DENIED_PAUSE_MS: "20000",
          // The pacer still spaces every call, 60 ms apart instead of 667: the suite makes hundreds
          // of Zoho calls in bursts. Zoho's own limit is exercised by `npm run bench:orders`.
          ZOHO_REQUESTS_PER_MINUTE: "1000",
          ZOHO_CRM_REQUESTS_PER_MINUTE: "1000",
          // Redeliveries of failed Zoho jobs at once, so retry and dead-letter tests take moments.
          ZOHO_JOB_RETRY_MIN_S: "0",
          // Quotation documents are sent as links under this origin.
          PUBLIC_BASE_URL: "https://agent.test",
          // Two pages per queue invocation, so multi-page syncs exercise the continuation path.
          CATALOG_SYNC_PAGES_PER_INVOCATION: "2",
          EMBEDDINGS_BASE_URL: inject("embeddingsUrl"),
          QDRANT_URL: inject("qdrantUrl"),
        },
      },
    })),
  ],
  test: {
    // CI (`.ci/run`) asks for a JSON report too, to print the plain closing line; `npm test` stays the one command.
    reporters: process.env.VITEST_JSON_REPORT ? ["default", ["json", { outputFile: process.env.VITEST_JSON_REPORT }]] : ["default"],
    globalSetup: ["./test/setup/global-setup.ts"],
    // Every file ends by asserting the stand-ins saw no request they do not serve.
    setupFiles: ["./test/strict-stand-ins.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests that change global settings (*.serial.test.ts) run in a second project with another
    // groupOrder: vitest runs the groups one after the other, never at the same time, so those
    // tests cannot disturb the others (they share the database and stand-ins).
    projects: [
      { extends: true, test: { name: "parallel", include: ["test/**/*.test.ts"], exclude: ["test/**/*.serial.test.ts", "test/unit/**"], sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: "serial", include: ["test/**/*.serial.test.ts"], fileParallelism: false, sequence: { groupOrder: 1 } } },
      // The pure rules in plain Node (no workerd, no stand-ins): what `npm run mutate` mutates.
      "./vitest.unit.config.ts",
    ],
  },
});
