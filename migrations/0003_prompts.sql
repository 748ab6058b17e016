CREATE TABLE "prompts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"version" integer NOT NULL,
	"content" text NOT NULL,
	"note" text,
	"active" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "prompts_name_version_uq" ON "prompts" USING btree ("name","version");--> statement-breakpoint
CREATE UNIQUE INDEX "prompts_one_active_uq" ON "prompts" USING btree ("name") WHERE "prompts"."active";