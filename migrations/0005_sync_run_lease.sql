ALTER TABLE "catalog_sync_runs" ADD COLUMN "lease_token" uuid;--> statement-breakpoint
ALTER TABLE "catalog_sync_runs" ADD COLUMN "released_at" timestamp with time zone;