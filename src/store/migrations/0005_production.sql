CREATE TABLE "account_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"token_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "hub_discoveries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"community_id" uuid NOT NULL,
	"hub_id" uuid NOT NULL,
	"address" text NOT NULL,
	"capabilities" jsonb NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "installation" (
	"id" integer PRIMARY KEY NOT NULL,
	"setup_token_hash" text,
	"setup_token_expires_at" timestamp with time zone,
	"set_up_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "events" ALTER COLUMN "community_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ALTER COLUMN "community_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ALTER COLUMN "community_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "mqtt_username" text;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "mqtt_password_hash" text;--> statement-breakpoint
ALTER TABLE "hubs" ADD COLUMN "credentials_issued_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "locks" ADD COLUMN "address" text;--> statement-breakpoint
ALTER TABLE "locks" ADD COLUMN "retiring_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "kind" text DEFAULT 'guest_link' NOT NULL;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "secret_enc" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "next_attempt_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "residencies" ADD COLUMN "access_starts_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "residencies" ADD COLUMN "access_ends_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "residencies" ADD COLUMN "access_state" text DEFAULT 'current' NOT NULL;--> statement-breakpoint
ALTER TABLE "residencies" ADD COLUMN "next_boundary_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "account_tokens" ADD CONSTRAINT "account_tokens_person_id_people_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_discoveries" ADD CONSTRAINT "hub_discoveries_community_id_communities_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."communities"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hub_discoveries" ADD CONSTRAINT "hub_discoveries_hub_id_hubs_id_fk" FOREIGN KEY ("hub_id") REFERENCES "public"."hubs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "account_tokens_hash" ON "account_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "account_tokens_person" ON "account_tokens" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hub_discoveries_hub_address" ON "hub_discoveries" USING btree ("hub_id","address");--> statement-breakpoint
CREATE UNIQUE INDEX "locks_hub_address" ON "locks" USING btree ("hub_id","address") WHERE hub_id is not null;--> statement-breakpoint
CREATE INDEX "residencies_next_boundary" ON "residencies" USING btree ("next_boundary_at");--> statement-breakpoint
ALTER TABLE "hubs" ADD CONSTRAINT "hubs_mqtt_username_unique" UNIQUE("mqtt_username");
--> statement-breakpoint
-- Existing hub locks were addressed on their hub by Keyway's own id.
UPDATE "locks" SET "address" = "id"::text WHERE "connectivity" = 'hub' AND "address" IS NULL;--> statement-breakpoint
-- Existing leases: access from the start of the move-in day to the end of the move-out day, community time.
UPDATE "residencies" r SET
  "access_starts_at" = (r."move_in"::timestamp AT TIME ZONE c."time_zone"),
  "access_ends_at" = CASE WHEN r."move_out" IS NULL THEN NULL ELSE ((r."move_out" + 1)::timestamp AT TIME ZONE c."time_zone") END
FROM "communities" c WHERE c."id" = r."community_id";--> statement-breakpoint
UPDATE "residencies" SET
  "access_state" = CASE
    WHEN "access_ends_at" IS NOT NULL AND "access_ends_at" <= now() THEN 'ended'
    WHEN "access_starts_at" > now() THEN 'upcoming'
    ELSE 'current' END,
  "next_boundary_at" = CASE
    WHEN "access_ends_at" IS NOT NULL AND "access_ends_at" <= now() THEN NULL
    WHEN "access_starts_at" > now() THEN "access_starts_at"
    ELSE "access_ends_at" END;--> statement-breakpoint
CREATE TRIGGER hubs_changed AFTER INSERT OR UPDATE OR DELETE ON hubs FOR EACH STATEMENT EXECUTE FUNCTION keyway_notify_change();
