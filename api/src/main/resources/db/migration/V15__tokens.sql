-- Who may do what (issue #30). API tokens: only the SHA-256 of each secret is stored (the
-- secrets are 256 random bits, see org.roadscan.api.auth.TokenSecret), looked up by its unique
-- index on every request; expiry and revocation are checked in that look-up.
CREATE TABLE api_tokens (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  role         text NOT NULL
               CHECK (role IN ('crew', 'roaddept', 'firebrigade', 'viewer', 'admin')),
  token_sha256 bytea NOT NULL UNIQUE CHECK (length(token_sha256) = 32),
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  -- the principal that created it over HTTP; null for the command line and the first start
  created_by   text,
  expires_at   timestamptz,
  revoked_at   timestamptz
);

-- Who created a survey or queued a capture: a crew sees only its own (crew positions are
-- personal data). Null for rows from before; those are visible to the road department only.
ALTER TABLE surveys ADD COLUMN created_by text;
ALTER TABLE jobs ADD COLUMN created_by text;
CREATE INDEX surveys_created_by ON surveys (created_by, id);
