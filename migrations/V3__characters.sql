-- Characters belong to one account. Names are unique case-insensitively across the server.
-- Positions are world units (the realtime protocol sends them in fixed point, see docs/protocol.md).
CREATE TABLE characters (
    id         uuid             PRIMARY KEY,
    account_id uuid             NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name       text             NOT NULL CHECK (name ~ '^[A-Za-z0-9_-]{3,16}$'),
    class      text             NOT NULL CHECK (class IN ('warrior', 'mage', 'rogue', 'cleric', 'ranger')),
    level      integer          NOT NULL DEFAULT 1 CHECK (level BETWEEN 1 AND 1000),
    zone       text             NOT NULL,
    x          double precision NOT NULL,
    y          double precision NOT NULL,
    created_at timestamptz      NOT NULL DEFAULT now(),
    updated_at timestamptz      NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX characters_name_key ON characters (lower(name));
-- "my characters, oldest first" and the per-account limit both read this index
CREATE INDEX characters_account_created_idx ON characters (account_id, created_at, id);
