ALTER TABLE "quotations" ADD COLUMN "delivery_aed" numeric(14, 2);--> statement-breakpoint
ALTER TABLE "quotations" ADD COLUMN "delivery_city" text;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "demo" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "customer_identities" ADD COLUMN "handle" text;