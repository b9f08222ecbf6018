ALTER TABLE "installation" ADD COLUMN "key_check" text;--> statement-breakpoint
ALTER TABLE "locks" ADD COLUMN "inventory_prints" jsonb;