CREATE TABLE "lock_commands" (
	"id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"lock_id" uuid NOT NULL,
	"access_code_id" uuid,
	"type" text NOT NULL,
	"slot" integer,
	"version" integer,
	"code_fp" text,
	"code_fp4" text,
	"code_length" integer,
	"bundle_counter" integer,
	"status" text NOT NULL,
	"error" text,
	"sent_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
ALTER TABLE "lock_codes" ADD COLUMN "intent" text DEFAULT 'present' NOT NULL;--> statement-breakpoint
ALTER TABLE "lock_codes" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "locks" ADD COLUMN "reachable" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "locks" ADD COLUMN "inventory_enc" text;--> statement-breakpoint
ALTER TABLE "locks" ADD COLUMN "inventory_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "locks" ADD COLUMN "unmanaged_slots" integer[] DEFAULT '{}'::int[] NOT NULL;--> statement-breakpoint
ALTER TABLE "locks" ADD COLUMN "breaker_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "locks" ADD COLUMN "breaker_opened_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "locks" ADD COLUMN "ble_key_enc" text;--> statement-breakpoint
ALTER TABLE "locks" ADD COLUMN "ble_counter" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "locks" ADD COLUMN "ble_receipt_counter" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "lock_commands" ADD CONSTRAINT "lock_commands_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lock_commands" ADD CONSTRAINT "lock_commands_lock_id_locks_id_fk" FOREIGN KEY ("lock_id") REFERENCES "public"."locks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lock_commands" ADD CONSTRAINT "lock_commands_access_code_id_access_codes_id_fk" FOREIGN KEY ("access_code_id") REFERENCES "public"."access_codes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lock_commands_lock_status" ON "lock_commands" USING btree ("lock_id","status");--> statement-breakpoint
CREATE INDEX "lock_commands_status_sent" ON "lock_commands" USING btree ("status","sent_at");--> statement-breakpoint
CREATE UNIQUE INDEX "events_dedupe" ON "events" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "lock_codes_next_attempt" ON "lock_codes" USING btree ("next_attempt_at");