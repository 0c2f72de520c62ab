-- The admin console (docs/operations.md, "Admin console").
--
-- admin: set by `server/run admin grant EMAIL` (accounts listed in admin.accounts are admins without it).
-- banned_until / ban_reason: the latest ban; logins are refused until banned_until. NULL: never banned.
ALTER TABLE accounts ADD COLUMN admin boolean NOT NULL DEFAULT false;
ALTER TABLE accounts ADD COLUMN banned_until timestamptz;
ALTER TABLE accounts ADD COLUMN ban_reason text CHECK (char_length(ban_reason) BETWEEN 1 AND 500);
ALTER TABLE accounts ADD CONSTRAINT accounts_ban_complete CHECK ((banned_until IS NULL) = (ban_reason IS NULL));

-- a ban ends every login of the account
ALTER TABLE refresh_families DROP CONSTRAINT refresh_families_revoked_reason_check;
ALTER TABLE refresh_families ADD CONSTRAINT refresh_families_revoked_reason_check
    CHECK (revoked_reason IN ('logout', 'logout_all', 'password_changed', 'reuse_detected', 'banned'));
