CREATE TABLE "analytics_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"trigger" text NOT NULL,
	"mode" text NOT NULL,
	"status" text NOT NULL,
	"modified_since" timestamp with time zone,
	"checkpoint" jsonb DEFAULT '{"phase":"contacts","page":1}'::jsonb NOT NULL,
	"lease_until" timestamp with time zone,
	"lease_token" uuid,
	"attempts" integer DEFAULT 0 NOT NULL,
	"pages" integer DEFAULT 0 NOT NULL,
	"contacts_seen" integer DEFAULT 0 NOT NULL,
	"customers_created" integer DEFAULT 0 NOT NULL,
	"customers_matched" integer DEFAULT 0 NOT NULL,
	"orders_seen" integer DEFAULT 0 NOT NULL,
	"zoho_requests" integer DEFAULT 0 NOT NULL,
	"scored" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "analytics_runs_one_open_uq" ON "analytics_runs" USING btree ((true)) WHERE "analytics_runs"."status" in ('queued', 'running', 'interrupted');
--> statement-breakpoint
CREATE INDEX "analytics_runs_requested_idx" ON "analytics_runs" USING btree ("requested_at");
--> statement-breakpoint
CREATE TABLE "zoho_sales_orders" (
	"salesorder_id" text PRIMARY KEY NOT NULL,
	"salesorder_number" text NOT NULL,
	"zoho_contact_id" text NOT NULL,
	"date" date NOT NULL,
	"status" text NOT NULL,
	"total_aed" numeric(14, 2) NOT NULL,
	"last_modified_time" timestamp with time zone,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "zoho_sales_orders_contact_idx" ON "zoho_sales_orders" USING btree ("zoho_contact_id","date");
--> statement-breakpoint
CREATE UNIQUE INDEX "customer_zoho_links_inventory_contact_uq" ON "customer_zoho_links" USING btree ("inventory_contact_id") WHERE "customer_zoho_links"."inventory_contact_id" is not null;
--> statement-breakpoint
CREATE TABLE "customer_analytics" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"segment" text NOT NULL,
	"recency_days" integer,
	"frequency" integer NOT NULL,
	"monetary_aed" numeric(14, 2) NOT NULL,
	"last_order_at" date,
	"purchase_probability_30d" double precision,
	"churn_risk" double precision,
	"expected_value_12m_aed" numeric(14, 2),
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_analytics" ADD CONSTRAINT "customer_analytics_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
CREATE INDEX "customer_analytics_segment_idx" ON "customer_analytics" USING btree ("segment");
--> statement-breakpoint
CREATE TABLE "analytics_models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid,
	"trained_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"features" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"weights" jsonb,
	"evaluation" jsonb
);
--> statement-breakpoint
CREATE INDEX "analytics_models_trained_idx" ON "analytics_models" USING btree ("trained_at");
