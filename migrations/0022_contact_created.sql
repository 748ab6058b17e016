ALTER TABLE "customer_zoho_links" ADD COLUMN "zoho_created_at" timestamp with time zone;
