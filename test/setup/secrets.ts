/** Throwaway credentials the stand-ins and the worker under test share. Not real secrets. */
export const TEST_SECRETS = {
  WAZZUP_API_KEY: "test-wazzup-api-key",
  WAZZUP_WEBHOOK_TOKEN: "test-webhook-token-3f9c2d7a1b8e4f60",
  TELEGRAM_BOT_TOKEN: "7000000001:TEST-telegram-bot-token_4c1d9e",
  TELEGRAM_WEBHOOK_SECRET: "test-telegram-webhook-secret_8b2f6a",
  OPENROUTER_API_KEY: "test-openrouter-key",
  TRANSCRIBE_API_KEY: "test-transcribe-key",
  ADMIN_API_TOKEN: "test-admin-token-7d1e5c9a",
  EMBEDDINGS_API_KEY: "test-embeddings-key",
  QDRANT_API_KEY: "test-qdrant-key",
  ZOHO_CLIENT_SECRET: "test-zoho-client-secret",
  ZOHO_REFRESH_TOKEN: "1000.test-refresh-token",
} as const;

/** Zoho identifiers the worker under test and the Zoho stand-in agree on (not secrets). */
export const TEST_ZOHO = {
  clientId: "1000.TESTCLIENT",
  organizationId: "60000000001",
} as const;

/** The Wazzup channel the worker under test sends through; the Wazzup stand-in knows only this one. */
export const TEST_CHANNEL_ID = "channel-test";
