-- Sessions that last (docs/api.md#sessions): refresh tokens with rotation, and revocation of access tokens.
--
-- tokens_valid_after: access tokens of the account issued before this instant are refused (password change,
-- logout-all). 'epoch' rather than NULL so that "no such account" and "nothing revoked" stay distinct.
ALTER TABLE accounts ADD COLUMN tokens_valid_after timestamptz NOT NULL DEFAULT 'epoch';

-- A family is one login's chain of refresh tokens; revoking it ends that login everywhere it was rotated to.
CREATE TABLE refresh_families (
    id             uuid        PRIMARY KEY,
    account_id     uuid        NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL,
    revoked_at     timestamptz,
    revoked_reason text        CHECK (revoked_reason IN ('logout', 'logout_all', 'password_changed', 'reuse_detected'))
);

CREATE INDEX refresh_families_account_idx ON refresh_families (account_id) WHERE revoked_at IS NULL;

-- Only the SHA-256 of a refresh token is stored: the token itself is 256 random bits, so a fast hash is enough
-- (nothing to brute-force), and a copy of this table cannot be used to refresh.
CREATE TABLE refresh_tokens (
    token_hash bytea       PRIMARY KEY CHECK (octet_length(token_hash) = 32),
    family_id  uuid        NOT NULL REFERENCES refresh_families (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz,
    user_agent text        CHECK (char_length(user_agent) <= 256),
    ip         text        CHECK (char_length(ip) <= 64)
);

CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
