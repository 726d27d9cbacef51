-- Server-side sessions: the session cookie names a row here, so sign-out, a password reset and "sign out everywhere"
-- end sessions on the server. Failed sign-ins are counted per address, whether or not an account uses it, so the
-- slow-down and the lockout do not tell which addresses have accounts.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
);

CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE sign_in_failures (
    tenant_id        INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email_normalized TEXT NOT NULL,
    failed_count     INTEGER NOT NULL,
    window_start     TEXT NOT NULL,
    PRIMARY KEY (tenant_id, email_normalized)
);

ALTER TABLE users DROP COLUMN failed_count;
ALTER TABLE users DROP COLUMN failed_window_start;
