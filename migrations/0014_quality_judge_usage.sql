ALTER TABLE "quality_reviews" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "quality_reviews" ADD COLUMN "judge_prompt_tokens" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "quality_reviews" ADD COLUMN "judge_completion_tokens" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "quality_reviews" ADD COLUMN "judge_cost_usd" numeric(12, 6) DEFAULT '0' NOT NULL;