CREATE TABLE "cloud_accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"endpoint" text NOT NULL,
	"api_key_enc" text NOT NULL,
	"workspace_id" text,
	"workspace_name" text,
	"webhook_id" text,
	"webhook_secret_enc" text,
	"status" text NOT NULL,
	"last_error" text,
	"last_polled_at" timestamp with time zone,
	"connected_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cloud_codes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"lock_id" uuid NOT NULL,
	"slot" integer,
	"managed" boolean NOT NULL,
	"external_id" text NOT NULL,
	"status" text NOT NULL,
	"name" text,
	"pending_command_id" uuid,
	"problems" jsonb,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "seal_key_enc" text;--> statement-breakpoint
ALTER TABLE "locks" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "locks" ADD COLUMN "verify_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cloud_accounts" ADD CONSTRAINT "cloud_accounts_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cloud_codes" ADD CONSTRAINT "cloud_codes_lock_id_locks_id_fk" FOREIGN KEY ("lock_id") REFERENCES "public"."locks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "cloud_accounts_community_provider" ON "cloud_accounts" USING btree ("community_id","provider");--> statement-breakpoint
CREATE UNIQUE INDEX "cloud_codes_external" ON "cloud_codes" USING btree ("external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cloud_codes_lock_slot" ON "cloud_codes" USING btree ("lock_id","slot") WHERE slot is not null;--> statement-breakpoint
CREATE INDEX "cloud_codes_pending" ON "cloud_codes" USING btree ("pending_command_id");--> statement-breakpoint
CREATE INDEX "locks_verify_due" ON "locks" USING btree ("verify_due_at");