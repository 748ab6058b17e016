import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, numeric, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { conversations } from "./schema";

/** A person who signs in to the panel. Email is stored lower-cased; the password only as a PBKDF2 hash. */
export const staffUsers = pgTable("staff_users", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: text("role", { enum: ["admin", "manager", "viewer"] }).notNull(),
  /** base64 PBKDF2-SHA256 output, its per-user salt and iteration count (kept so the figure can change later). */
  passwordHash: text("password_hash").notNull(),
  passwordSalt: text("password_salt").notNull(),
  passwordIterations: integer("password_iterations").notNull(),
  disabledAt: timestamp("disabled_at", { withTimezone: true }),
  passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }).notNull().defaultNow(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A signed-in browser. The cookie carries a random id; only its SHA-256 is stored, so a leaked
 * table cannot be replayed. A session ends at the first of: idle timeout, absolute expiry, revocation.
 */
export const staffSessions = pgTable(
  "staff_sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => staffUsers.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    address: text("address"),
  },
  (t) => [index("staff_sessions_user_idx").on(t.userId)],
);

/**
 * Counted sign-in attempts per key (`pair:<email>|<address>`, `ip:<address>`, `email:<email>`):
 * the streak's count, its last attempt, the earliest next attempt (the growing delay) and when
 * admins were last alerted about it (ADR 0015).
 */
export const loginThrottle = pgTable("login_throttle", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true }).notNull().defaultNow(),
  nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
  alertedAt: timestamp("alerted_at", { withTimezone: true }),
});

/** Per-user rate limits of costly staff endpoints: one fixed window per key. */
export const rateLimits = pgTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStartedAt: timestamp("window_started_at", { withTimezone: true }).notNull().defaultNow(),
  count: integer("count").notNull().default(0),
});

/** Every prompt-playground run, so its tokens count in the daily cap and the metrics. */
export const playgroundRuns = pgTable(
  "playground_runs",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    userId: uuid("user_id"),
    model: text("model"),
    mode: text("mode").notNull(),
    promptTokens: integer("prompt_tokens").notNull().default(0),
    completionTokens: integer("completion_tokens").notNull().default(0),
    costUsd: numeric("cost_usd", { precision: 12, scale: 6 }).notNull().default("0"),
  },
  (t) => [index("playground_runs_at_idx").on(t.at)],
);

/**
 * Every change made by staff or the API token, and every sign-in. Append-only: triggers refuse
 * UPDATE, DELETE and TRUNCATE, and the app writes it as `audit_writer`, a role that may only
 * insert and read (migration 0016, ADR 0015).
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorType: text("actor_type", { enum: ["user", "token", "anonymous", "system"] }).notNull(),
    actorId: uuid("actor_id"),
    /** The user's email, or `ADMIN_API_TOKEN` for the machine credential. */
    actorLabel: text("actor_label").notNull(),
    role: text("role").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    before: jsonb("before").$type<unknown>(),
    after: jsonb("after").$type<unknown>(),
    requestId: text("request_id"),
    address: text("address"),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_actor_idx").on(t.actorLabel, t.at),
    index("audit_log_action_idx").on(t.action, t.at),
    index("audit_log_target_idx").on(t.targetType, t.targetId),
  ],
);

/**
 * A conversation staff closed. It counts as closed while nothing newer than `closedAt` was
 * written in it: the customer's next message reopens it without anyone updating this row.
 */
export const conversationClosures = pgTable("conversation_closures", {
  conversationId: uuid("conversation_id")
    .primaryKey()
    .references(() => conversations.id),
  closedAt: timestamp("closed_at", { withTimezone: true }).notNull().default(sql`now()`),
  closedBy: text("closed_by").notNull(),
});
