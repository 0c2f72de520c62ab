-- Meridian schema baseline. Later migrations add accounts, characters and world state.
CREATE EXTENSION IF NOT EXISTS pgcrypto;
