CREATE TABLE "messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "access_codes" ADD COLUMN "owner_id" uuid;--> statement-breakpoint
ALTER TABLE "access_codes" ADD COLUMN "guest_type" text;--> statement-breakpoint
ALTER TABLE "access_codes" ADD COLUMN "guest_name" text;--> statement-breakpoint
ALTER TABLE "access_codes" ADD COLUMN "guest_phone" text;--> statement-breakpoint
ALTER TABLE "access_codes" ADD COLUMN "guest_email" text;--> statement-breakpoint
ALTER TABLE "access_codes" ADD COLUMN "starts_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "access_codes" ADD COLUMN "ends_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "access_codes" ADD COLUMN "schedule" jsonb;--> statement-breakpoint
ALTER TABLE "access_codes" ADD COLUMN "first_used_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "lock_codes" ADD COLUMN "next_boundary_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "messages_status" ON "messages" USING btree ("status","created_at");--> statement-breakpoint
ALTER TABLE "access_codes" ADD CONSTRAINT "access_codes_owner_id_people_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_codes_owner" ON "access_codes" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "lock_codes_next_boundary" ON "lock_codes" USING btree ("next_boundary_at");