ALTER TABLE "agent_turns" ADD COLUMN "cached_tokens" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_turns" ADD COLUMN "model_calls" jsonb DEFAULT '[]'::jsonb NOT NULL;
