-- Every write to what the resident app reads announces itself (one notification per transaction,
-- delivered at commit) so each server process can drop its read cache without polling.
CREATE OR REPLACE FUNCTION keyway_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('keyway_changes', '');
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER access_codes_changed AFTER INSERT OR UPDATE OR DELETE ON access_codes FOR EACH STATEMENT EXECUTE FUNCTION keyway_notify_change();--> statement-breakpoint
CREATE TRIGGER lock_codes_changed AFTER INSERT OR UPDATE OR DELETE ON lock_codes FOR EACH STATEMENT EXECUTE FUNCTION keyway_notify_change();--> statement-breakpoint
CREATE TRIGGER communities_changed AFTER INSERT OR UPDATE OR DELETE ON communities FOR EACH STATEMENT EXECUTE FUNCTION keyway_notify_change();--> statement-breakpoint
CREATE TRIGGER residencies_changed AFTER INSERT OR UPDATE OR DELETE ON residencies FOR EACH STATEMENT EXECUTE FUNCTION keyway_notify_change();--> statement-breakpoint
CREATE TRIGGER access_points_changed AFTER INSERT OR UPDATE OR DELETE ON access_points FOR EACH STATEMENT EXECUTE FUNCTION keyway_notify_change();--> statement-breakpoint
CREATE TRIGGER locks_changed AFTER INSERT OR UPDATE OR DELETE ON locks FOR EACH STATEMENT EXECUTE FUNCTION keyway_notify_change();--> statement-breakpoint
CREATE TRIGGER people_changed AFTER INSERT OR UPDATE OR DELETE ON people FOR EACH STATEMENT EXECUTE FUNCTION keyway_notify_change();--> statement-breakpoint
CREATE TRIGGER sessions_changed AFTER DELETE ON sessions FOR EACH STATEMENT EXECUTE FUNCTION keyway_notify_change();--> statement-breakpoint
CREATE TRIGGER api_keys_changed AFTER UPDATE OR DELETE ON api_keys FOR EACH STATEMENT EXECUTE FUNCTION keyway_notify_change();
