-- Marketplace staff at work: listings hidden by moderators, the trail of moderation decisions, seller staff
-- invitations, and whether the marketplace approves new sellers before their listings go public.
ALTER TABLE tenants ADD COLUMN seller_approval INTEGER NOT NULL DEFAULT 0;

CREATE TABLE listing_holds (
    listing_id INTEGER PRIMARY KEY REFERENCES listings (id) ON DELETE CASCADE,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    reason     TEXT NOT NULL,
    hidden_by  TEXT NOT NULL,
    hidden_at  TEXT NOT NULL
);

CREATE INDEX listing_holds_by_tenant ON listing_holds (tenant_id, hidden_at);

CREATE TABLE moderation_events (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    subject    TEXT NOT NULL,
    subject_id INTEGER NOT NULL,
    action     TEXT NOT NULL,
    reason     TEXT,
    actor      TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX moderation_events_by_subject ON moderation_events (tenant_id, subject, subject_id, id);

CREATE TABLE invitations (
    id               INTEGER PRIMARY KEY,
    tenant_id        INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    seller_id        INTEGER NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
    email            TEXT NOT NULL,
    email_normalized TEXT NOT NULL,
    role             TEXT NOT NULL,
    token_hash       TEXT NOT NULL UNIQUE,
    invited_by       INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at       TEXT NOT NULL,
    expires_at       TEXT NOT NULL,
    accepted_at      TEXT,
    revoked_at       TEXT
);

CREATE INDEX invitations_by_seller ON invitations (tenant_id, seller_id, id);
