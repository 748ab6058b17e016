-- Channels as adapters: a customer has an identity per channel, a conversation names its channel,
-- and message ids are unique within their conversation (not across all chats).
CREATE TABLE "customer_identities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"external_id" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_identities" ADD CONSTRAINT "customer_identities_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE UNIQUE INDEX "customer_identities_channel_external_uq" ON "customer_identities" USING btree ("channel","external_id");
--> statement-breakpoint
CREATE INDEX "customer_identities_customer_idx" ON "customer_identities" USING btree ("customer_id");
--> statement-breakpoint
-- Every customer so far came through WhatsApp, keyed by phone number.
INSERT INTO "customer_identities" ("customer_id", "channel", "external_id") SELECT "id", 'whatsapp', "phone" FROM "customers";
--> statement-breakpoint
ALTER TABLE "customers" ALTER COLUMN "phone" DROP NOT NULL;
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "channel" text DEFAULT 'whatsapp' NOT NULL;
--> statement-breakpoint
DROP INDEX "conversations_channel_chat_uq";
--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_channel_chat_uq" ON "conversations" USING btree ("channel","channel_id","chat_id");
--> statement-breakpoint
ALTER TABLE "messages" RENAME COLUMN "wazzup_message_id" TO "provider_message_id";
--> statement-breakpoint
ALTER TABLE "messages" RENAME COLUMN "crm_message_id" TO "client_message_id";
--> statement-breakpoint
ALTER TABLE "messages" DROP CONSTRAINT "messages_wazzup_message_id_unique";
--> statement-breakpoint
ALTER TABLE "messages" DROP CONSTRAINT "messages_crm_message_id_unique";
--> statement-breakpoint
CREATE UNIQUE INDEX "messages_conversation_provider_uq" ON "messages" USING btree ("conversation_id","provider_message_id");
--> statement-breakpoint
CREATE UNIQUE INDEX "messages_conversation_client_uq" ON "messages" USING btree ("conversation_id","client_message_id");
--> statement-breakpoint
CREATE INDEX "messages_provider_idx" ON "messages" USING btree ("provider_message_id");
--> statement-breakpoint
ALTER TABLE "agent_turns" DROP CONSTRAINT "agent_turns_reply_crm_message_id_unique";
--> statement-breakpoint
CREATE UNIQUE INDEX "agent_turns_conversation_reply_uq" ON "agent_turns" USING btree ("conversation_id","reply_crm_message_id");
