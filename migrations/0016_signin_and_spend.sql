-- Sign-in throttle per (email, address) with a growing delay: each row is one key's streak of
-- counted attempts, the time of the last one and the earliest time the next one is allowed.
DELETE FROM "login_throttle";--> statement-breakpoint
ALTER TABLE "login_throttle" RENAME COLUMN "window_started_at" TO "last_attempt_at";--> statement-breakpoint
ALTER TABLE "login_throttle" RENAME COLUMN "blocked_until" TO "next_attempt_at";--> statement-breakpoint
ALTER TABLE "login_throttle" ADD COLUMN "alerted_at" timestamp with time zone;--> statement-breakpoint
-- Per-user rate limits of costly staff endpoints (playground, live stock, search): one fixed window per key.
CREATE TABLE "rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"window_started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- Every prompt-playground run: its tokens count in the daily token cap and in the metrics.
CREATE TABLE "playground_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" uuid,
	"model" text,
	"mode" text NOT NULL,
	"prompt_tokens" integer DEFAULT 0 NOT NULL,
	"completion_tokens" integer DEFAULT 0 NOT NULL,
	"cost_usd" numeric(12, 6) DEFAULT '0' NOT NULL
);
--> statement-breakpoint
CREATE INDEX "playground_runs_at_idx" ON "playground_runs" USING btree ("at");--> statement-breakpoint
-- The audit log refuses TRUNCATE too (the row trigger never sees it).
CREATE TRIGGER "audit_log_no_truncate" BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_append_only"();--> statement-breakpoint
-- The role the app writes audit rows as (SET LOCAL ROLE in src/staff/audit.ts, ADR 0015): it may
-- read and append, nothing else. Roles are per cluster, so it is created only once; the grants are
-- per database. The migrating user joins it so it may SET ROLE to it (Neon's owner has CREATEROLE).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'audit_writer') THEN
    CREATE ROLE "audit_writer" NOLOGIN;
  END IF;
END
$$;
--> statement-breakpoint
REVOKE ALL ON "audit_log" FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON "audit_log" FROM "audit_writer";--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO "audit_writer";--> statement-breakpoint
GRANT SELECT, INSERT ON "audit_log" TO "audit_writer";--> statement-breakpoint
GRANT USAGE ON SEQUENCE "audit_log_id_seq" TO "audit_writer";--> statement-breakpoint
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'audit_writer', 'MEMBER') THEN
    EXECUTE format('GRANT audit_writer TO %I', current_user);
  END IF;
END
$$;
