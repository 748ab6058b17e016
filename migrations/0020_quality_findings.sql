CREATE TABLE "quality_finding_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"from_at" timestamp with time zone NOT NULL,
	"to_at" timestamp with time zone NOT NULL,
	"trigger" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"reviews" integer DEFAULT 0 NOT NULL,
	"findings" integer DEFAULT 0 NOT NULL,
	"proposals" integer DEFAULT 0 NOT NULL,
	"budget_usd" numeric(12, 6) NOT NULL,
	"cost_usd" numeric(12, 6) DEFAULT '0' NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "quality_findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"pattern" text NOT NULL,
	"cause" text NOT NULL,
	"conversations" integer NOT NULL,
	"conversation_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"example_message_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"last_run_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"base_prompt_version" integer,
	"content" text NOT NULL,
	"knowledge" jsonb,
	"reasoning" text NOT NULL,
	"scripted" boolean NOT NULL,
	"model" text,
	"cost_usd" numeric(12, 6) DEFAULT '0' NOT NULL,
	"comparison" jsonb,
	"comparison_status" text DEFAULT 'missing' NOT NULL,
	"dismiss_reason" text,
	"activated_version" integer,
	"decided_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "quality_findings" ADD CONSTRAINT "quality_findings_last_run_id_quality_finding_runs_id_fk" FOREIGN KEY ("last_run_id") REFERENCES "public"."quality_finding_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_proposals" ADD CONSTRAINT "quality_proposals_finding_id_quality_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."quality_findings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_proposals" ADD CONSTRAINT "quality_proposals_run_id_quality_finding_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."quality_finding_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "quality_findings_key_uq" ON "quality_findings" USING btree ("key");--> statement-breakpoint
CREATE INDEX "quality_proposals_finding_idx" ON "quality_proposals" USING btree ("finding_id");
