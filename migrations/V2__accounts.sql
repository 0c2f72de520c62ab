-- Accounts: one per email. Emails are stored trimmed and lower-cased by the application; the unique index on
-- lower(email) keeps that true even for rows written by hand.
CREATE TABLE accounts (
    id            uuid        PRIMARY KEY,
    email         text        NOT NULL CHECK (char_length(email) BETWEEN 3 AND 254),
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX accounts_email_key ON accounts (lower(email));
