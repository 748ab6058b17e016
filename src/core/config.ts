import { z } from "zod";

/**
 * Runtime configuration, parsed once per isolate from the Worker's env.
 *
 * Every external endpoint is configuration, so the same code runs against the real services,
 * the local stand-ins and any Zoho data centre. Secrets are optional here because each feature
 * checks for what it needs and degrades (offline LLM mode) or fails with a message naming the
 * missing setting; `requireSetting` does the latter.
 */
const optionalSecret = z
  .string()
  .optional()
  .transform((value) => (value && value.trim() !== "" ? value.trim() : undefined));

const url = z.string().url();

/** The shortest token we accept for a credential we check ourselves: 16 characters of a random token are out of guessing's reach. */
export const MIN_TOKEN_LENGTH = 16;

/**
 * A secret we compare callers against (webhook token, API token, signing key): refused at start
 * when shorter than `min`, so a guessable value never goes live. The message names the rule,
 * never the value (zod's issue path names the variable).
 */
const ownToken = (min = MIN_TOKEN_LENGTH) =>
  optionalSecret.refine((v) => v === undefined || v.length >= min, {
    message: `is too short: use at least ${min} random characters (for example: openssl rand -base64 24)`,
  });

export const configSchema = z.object({
  WAZZUP_API_URL: url.default("https://api.wazzup24.com"),
  WAZZUP_API_KEY: optionalSecret,
  WAZZUP_WEBHOOK_TOKEN: ownToken(),
  WAZZUP_CHANNEL_ID: optionalSecret,
  /**
   * Hosts (comma-separated, https only) whose media links a WhatsApp webhook may carry, besides
   * WAZZUP_API_URL's own origin: voice notes are downloaded from nowhere else.
   */
  WAZZUP_MEDIA_HOSTS: z
    .string()
    .optional()
    .transform((value) => (value ?? "store.wazzup24.com").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[a-z0-9.-]+(:\d+)?$/, "must be host names (with an optional :port), no scheme or path"))),
  TELEGRAM_API_URL: url.default("https://api.telegram.org"),
  /** BotFather's token, `<bot id>:<secret>`; it appears in API URLs, so it is redacted from every error we keep. */
  TELEGRAM_BOT_TOKEN: optionalSecret.refine((v) => v === undefined || /^\d+:[A-Za-z0-9_-]{20,}$/.test(v), {
    message: "must look like BotFather's token: the bot's numeric id, a colon, then at least 20 letters, digits, _ or -",
  }),
  /** setWebhook's secret_token, which Telegram sends back in X-Telegram-Bot-Api-Secret-Token; at least 16 characters so it cannot be guessed. */
  TELEGRAM_WEBHOOK_SECRET: optionalSecret.refine((v) => v === undefined || /^[A-Za-z0-9_-]{16,256}$/.test(v), {
    message: "must be 16-256 characters of A-Z, a-z, 0-9, _ and - (Telegram allows only those in secret_token)",
  }),
  OPENROUTER_BASE_URL: url.default("https://openrouter.ai/api/v1"),
  OPENROUTER_API_KEY: optionalSecret,
  LLM_MODEL: z.string().min(1).default("openai/gpt-4o-mini"),
  /** Tried when LLM_MODEL fails after its retries; unset disables it. */
  LLM_FALLBACK_MODEL: optionalSecret,
  /** The quality reviewer's judge model; unset: LLM_MODEL. */
  QUALITY_MODEL: optionalSecret,
  LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(25_000),
  EMBEDDINGS_BASE_URL: url.default("https://api.jina.ai/v1"),
  EMBEDDINGS_API_KEY: optionalSecret,
  EMBEDDINGS_MODEL: z.string().default("jina-embeddings-v3"),
  /** Vector size of EMBEDDINGS_MODEL; the vector collections are created with it. */
  EMBEDDINGS_DIMENSIONS: z.coerce.number().int().min(8).max(4096).default(1024),
  /**
   * Where vectors live: `qdrant` (the production default when QDRANT_URL is set), `pgvector`
   * (Postgres with the vector extension: the embedded default) or `none` (lexical search only).
   */
  VECTOR_STORE: z.enum(["qdrant", "pgvector", "none"]).optional(),
  TRANSCRIBE_BASE_URL: url.default("https://api.openai.com/v1"),
  TRANSCRIBE_API_KEY: optionalSecret,
  ZOHO_ACCOUNTS_URL: url.default("https://accounts.zoho.com"),
  /** Zoho API host; when unset, the `api_domain` of the token response (right for any data centre). */
  ZOHO_API_DOMAIN: url.optional(),
  ZOHO_CLIENT_ID: optionalSecret,
  ZOHO_CLIENT_SECRET: optionalSecret,
  ZOHO_REFRESH_TOKEN: optionalSecret,
  ZOHO_ORGANIZATION_ID: optionalSecret,
  /** Our share of Zoho Inventory's 100 requests per minute per organization (headroom for other integrations). */
  ZOHO_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(90),
  /** First backoff after a 429/5xx from Zoho; doubles per attempt (Retry-After wins when given). */
  ZOHO_RETRY_BASE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** How long token grants pause after Zoho's "Access Denied" (its grant window is 10 minutes). */
  ZOHO_TOKEN_DENIED_PAUSE_MS: z.coerce.number().int().min(1000).max(3_600_000).default(600_000),
  ZOHO_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(5),
  /** Zoho CRM calls per minute we allow ourselves (CRM counts API credits per day and concurrent calls per org). */
  ZOHO_CRM_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).max(1000).default(60),
  /** Shortest delay before a failed Zoho job is delivered again; it doubles per attempt up to 15 minutes. */
  ZOHO_JOB_RETRY_MIN_S: z.coerce.number().int().min(0).max(900).default(30),
  /** This Worker's public origin (https://agent.example.com): quotation documents are sent to WhatsApp as links under it. */
  PUBLIC_BASE_URL: url.optional(),
  /** Signs quotation document links; when unset a key derived from ADMIN_API_TOKEN is used. */
  DOCUMENT_LINK_SECRET: ownToken(32),
  /** How long a quotation document link works after it is made; an older link is answered 410. */
  DOCUMENT_LINK_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Catalog pages (200 items each) one queue invocation syncs before it checkpoints and continues in a new one. */
  CATALOG_SYNC_PAGES_PER_INVOCATION: z.coerce.number().int().min(1).max(500).default(20),
  /** How long a live stock figure read from Zoho is reused. */
  STOCK_CACHE_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  QDRANT_URL: optionalSecret,
  QDRANT_API_KEY: optionalSecret,
  DATABASE_URL: optionalSecret,
  /** Local development and tests only: host:port/path of a WebSocket-to-TCP relay for the Neon driver. */
  NEON_WS_PROXY: optionalSecret,
  /** Set by `npm start` per start and echoed by /health, so the start knows the answer is its own worker's. */
  LOCAL_INSTANCE_ID: optionalSecret,
  ADMIN_API_TOKEN: ownToken(),
  /** The first admin, created while no staff user exists (then unused; change the password after signing in). */
  ADMIN_BOOTSTRAP_EMAIL: optionalSecret,
  ADMIN_BOOTSTRAP_PASSWORD: optionalSecret,
  /** Origins besides the API's own allowed to make cookie-authenticated changes (the panel's), comma-separated. */
  STAFF_ALLOWED_ORIGINS: z
    .string()
    .optional()
    .transform((value) => (value ?? "").split(",").map((o) => o.trim().replace(/\/$/, "")).filter(Boolean)),
  /** A staff session ends after this long without a request... */
  STAFF_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(8 * 60),
  /** ...and this long after sign-in whatever the activity. */
  STAFF_SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(90 * 24).default(7 * 24),
  /** Default burst wait (the `burstWaitMs` setting overrides it): how long a conversation waits for more messages. */
  REPLY_DEBOUNCE_MS: z.coerce.number().int().min(0).max(30_000).default(1500),
  /** Default for the managerPhones setting: comma-separated WhatsApp numbers, digits only. */
  MANAGER_PHONES: z
    .string()
    .optional()
    .transform((value) => (value ?? "").split(",").map((p) => p.replace(/\D/g, "")).filter(Boolean)),
  /** How long a Worker isolate reuses the settings and the day's token count it read. */
  SETTINGS_TTL_MS: z.coerce.number().int().min(0).max(300_000).default(15_000),
});

export type Config = z.infer<typeof configSchema>;
export type SettingName = keyof Config;

const cache = new WeakMap<object, Config>();

/** Parses the env once per isolate; a malformed value fails with the setting's name. */
export function getConfig(env: object): Config {
  const cached = cache.get(env);
  if (cached) return cached;
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join("; ")}`);
  }
  cache.set(env, parsed.data);
  return parsed.data;
}

/** Returns a setting a feature cannot work without, or throws naming it. */
export function requireSetting<K extends SettingName>(config: Config, name: K): NonNullable<Config[K]> {
  const value = config[name];
  if (value === undefined || value === null || value === "") {
    throw new ConfigError(`Missing setting ${name}: set it as a Worker secret or variable`);
  }
  return value as NonNullable<Config[K]>;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}
