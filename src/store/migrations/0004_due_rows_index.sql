-- The sweep's "retry due" branch (lockSync.locksDueForRetry) asks only for rows still waiting for a pass;
-- a partial index on exactly those keeps the sweep an index scan however many codes sit quietly.
CREATE INDEX IF NOT EXISTS lock_codes_due ON lock_codes (next_attempt_at)
  WHERE state IN ('pending', 'removing')
    AND reason IS DISTINCT FROM 'sending' AND reason IS DISTINCT FROM 'awaiting_phone'
    AND reason IS DISTINCT FROM 'hub_offline' AND reason IS DISTINCT FROM 'outside_window';
