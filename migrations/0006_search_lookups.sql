CREATE TABLE "catalog_lexemes" (
	"lexeme" text PRIMARY KEY NOT NULL,
	"documents" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "name_ar_normalized" text;--> statement-breakpoint
CREATE INDEX "catalog_lexemes_trgm_idx" ON "catalog_lexemes" USING gin ("lexeme" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "catalog_lexemes_prefix_idx" ON "catalog_lexemes" USING btree ("lexeme" text_pattern_ops);--> statement-breakpoint
CREATE INDEX "products_upper_sku_idx" ON "products" USING btree (upper("sku"));--> statement-breakpoint
CREATE INDEX "products_lower_name_idx" ON "products" USING btree (lower("name_en"));--> statement-breakpoint
CREATE INDEX "products_name_ar_normalized_idx" ON "products" USING btree ("name_ar_normalized");--> statement-breakpoint
-- Backfill the same folding normalizeArabic does (diacritics, tatweel, alef/ya/ta marbuta/hamza forms, Arabic-Indic digits); syncs keep it from now on.
UPDATE "products" SET "name_ar_normalized" = btrim(regexp_replace(lower(translate(regexp_replace("name_ar", '[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]', '', 'g'), 'أإآٱىةؤئ٠١٢٣٤٥٦٧٨٩', 'اااايهوي0123456789')), '\s+', ' ', 'g')) WHERE "name_ar" IS NOT NULL;
--> statement-breakpoint
INSERT INTO "catalog_lexemes" ("lexeme", "documents") SELECT word, ndoc FROM ts_stat('SELECT search_vector FROM products WHERE status = ''active''');
--> statement-breakpoint
INSERT INTO "catalog_lexemes" ("lexeme", "documents") SELECT '', count(*) FROM products WHERE status = 'active';
