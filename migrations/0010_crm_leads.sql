CREATE TABLE "crm_leads" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"zoho_deal_id" text,
	"deal_name" text NOT NULL,
	"adopted_by_quotation_id" uuid,
	"synced_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "crm_leads" ADD CONSTRAINT "crm_leads_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;