-- Server-side sessions: the session cookie names a row here, so sign-out, a password reset and "sign out everywhere"
-- end sessions on the server. Failed sign-ins are counted per address, whether or not an account uses it, so the
-- slow-down and the lockout do not tell which addresses have accounts.
CREATE TABLE sessions (
    token_hash text PRIMARY KEY,
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL
);

CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE sign_in_failures (
    tenant_id        bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email_normalized text NOT NULL,
    failed_count     integer NOT NULL,
    window_start     timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, email_normalized)
);

ALTER TABLE users DROP COLUMN failed_count;
ALTER TABLE users DROP COLUMN failed_window_start;
