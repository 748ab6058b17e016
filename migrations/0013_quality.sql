CREATE TABLE "quality_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"conversation_id" uuid NOT NULL,
	"messages_version" integer NOT NULL,
	"trigger" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"judge_status" text DEFAULT 'pending' NOT NULL,
	"judge_note" text,
	"flags" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"scores" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"reasoning" text,
	"overall_score" numeric(3, 2),
	"rubric_version" integer,
	"prompt_version" integer,
	"model" text,
	"error" text,
	"judge_attempts" integer DEFAULT 0 NOT NULL,
	"channel" text,
	"language" text,
	"alerted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "quality_rubrics" (
	"version" integer PRIMARY KEY NOT NULL,
	"content" text NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_verdicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"review_id" uuid NOT NULL,
	"verdict" text NOT NULL,
	"note" text,
	"actor_label" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "quality_reviews" ADD CONSTRAINT "quality_reviews_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quality_verdicts" ADD CONSTRAINT "quality_verdicts_review_id_quality_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."quality_reviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "quality_reviews_conversation_version_uq" ON "quality_reviews" USING btree ("conversation_id","messages_version");--> statement-breakpoint
CREATE INDEX "quality_reviews_created_idx" ON "quality_reviews" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "quality_reviews_flags_idx" ON "quality_reviews" USING gin ("flags");--> statement-breakpoint
CREATE UNIQUE INDEX "quality_verdicts_review_actor_uq" ON "quality_verdicts" USING btree ("review_id","actor_label");--> statement-breakpoint
CREATE INDEX "quality_verdicts_created_idx" ON "quality_verdicts" USING btree ("created_at");