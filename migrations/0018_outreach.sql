ALTER TABLE "customers" ADD COLUMN "proactive_opt_out_at" timestamp with time zone;--> statement-breakpoint
CREATE TABLE "proactive_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"conversation_id" uuid NOT NULL,
	"customer_id" uuid,
	"status" text NOT NULL,
	"reason" text,
	"template_id" text,
	"day" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proactive_messages_key_unique" UNIQUE("key")
);
--> statement-breakpoint
ALTER TABLE "proactive_messages" ADD CONSTRAINT "proactive_messages_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "proactive_messages_day_idx" ON "proactive_messages" USING btree ("day","status");--> statement-breakpoint
CREATE INDEX "proactive_messages_conversation_idx" ON "proactive_messages" USING btree ("conversation_id","created_at");
--> statement-breakpoint
CREATE TABLE "digests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"day" text NOT NULL,
	"trigger" text NOT NULL,
	"text" text NOT NULL,
	"figures" jsonb NOT NULL,
	"recipients" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "digests_key_unique" UNIQUE("key")
);
