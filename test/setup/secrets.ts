/** Throwaway credentials the stand-ins and the worker under test share. Not real secrets. */
export const TEST_SECRETS = {
  WAZZUP_API_KEY: "test-wazzup-api-key",
  WAZZUP_WEBHOOK_TOKEN: "test-webhook-token-3f9c2d7a1b8e4f60",
  OPENROUTER_API_KEY: "test-openrouter-key",
  TRANSCRIBE_API_KEY: "test-transcribe-key",
  ADMIN_API_TOKEN: "test-admin-token-7d1e5c9a",
} as const;
