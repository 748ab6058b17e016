CREATE TABLE "crm_deals" (
	"quotation_id" uuid PRIMARY KEY NOT NULL,
	"zoho_deal_id" text,
	"deal_name" text NOT NULL,
	"stage" text NOT NULL,
	"amount_aed" numeric(14, 2) NOT NULL,
	"synced_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_zoho_links" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"inventory_contact_id" text,
	"crm_contact_id" text,
	"crm_synced_at" timestamp with time zone,
	"crm_profile_hash" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quotation_transitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"quotation_id" uuid NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"actor" text NOT NULL,
	"reason" text NOT NULL,
	"version" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quotations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"conversation_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"language" text DEFAULT 'en' NOT NULL,
	"lines" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"shown_version" integer,
	"shown_at" timestamp with time zone,
	"vat_percent" numeric(5, 2) NOT NULL,
	"subtotal_aed" numeric(14, 2) DEFAULT '0' NOT NULL,
	"vat_aed" numeric(14, 2) DEFAULT '0' NOT NULL,
	"total_aed" numeric(14, 2) DEFAULT '0' NOT NULL,
	"buyer" jsonb,
	"zoho_contact_id" text,
	"zoho_salesorder_id" text,
	"zoho_salesorder_number" text,
	"last_error" text,
	"confirmed_at" timestamp with time zone,
	"ordered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quotations_number_unique" UNIQUE("number"),
	CONSTRAINT "quotations_zoho_salesorder_id_unique" UNIQUE("zoho_salesorder_id")
);
--> statement-breakpoint
CREATE TABLE "zoho_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"steps" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_error" text,
	"replays" integer DEFAULT 0 NOT NULL,
	"zoho_requests" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "crm_deals" ADD CONSTRAINT "crm_deals_quotation_id_quotations_id_fk" FOREIGN KEY ("quotation_id") REFERENCES "public"."quotations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_zoho_links" ADD CONSTRAINT "customer_zoho_links_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotation_transitions" ADD CONSTRAINT "quotation_transitions_quotation_id_quotations_id_fk" FOREIGN KEY ("quotation_id") REFERENCES "public"."quotations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotations" ADD CONSTRAINT "quotations_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quotations" ADD CONSTRAINT "quotations_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quotation_transitions_quotation_idx" ON "quotation_transitions" USING btree ("quotation_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "quotations_one_open_uq" ON "quotations" USING btree ("conversation_id") WHERE "quotations"."state" in ('draft', 'shown');--> statement-breakpoint
CREATE INDEX "quotations_state_updated_idx" ON "quotations" USING btree ("state","updated_at");--> statement-breakpoint
CREATE INDEX "quotations_customer_idx" ON "quotations" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "zoho_jobs_status_updated_idx" ON "zoho_jobs" USING btree ("status","updated_at");--> statement-breakpoint
CREATE INDEX "zoho_jobs_subject_idx" ON "zoho_jobs" USING btree ("subject_id");--> statement-breakpoint
-- Human-readable quotation numbers (Q-000001): sent to customers and used as the sale order's reference.
CREATE SEQUENCE IF NOT EXISTS "quotation_number_seq";
