-- Marketplace staff at work: listings hidden by moderators, the trail of moderation decisions, seller staff
-- invitations, and whether the marketplace approves new sellers before their listings go public.
ALTER TABLE tenants ADD COLUMN seller_approval boolean NOT NULL DEFAULT false;

CREATE TABLE listing_holds (
    listing_id bigint PRIMARY KEY REFERENCES listings (id) ON DELETE CASCADE,
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    reason     text NOT NULL,
    hidden_by  text NOT NULL,
    hidden_at  timestamptz NOT NULL
);

CREATE INDEX listing_holds_by_tenant ON listing_holds (tenant_id, hidden_at);

CREATE TABLE moderation_events (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    subject    text NOT NULL,
    subject_id bigint NOT NULL,
    action     text NOT NULL,
    reason     text,
    actor      text NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE INDEX moderation_events_by_subject ON moderation_events (tenant_id, subject, subject_id, id);

CREATE TABLE invitations (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id        bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    seller_id        bigint NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
    email            text NOT NULL,
    email_normalized text NOT NULL,
    role             text NOT NULL,
    token_hash       text NOT NULL UNIQUE,
    invited_by       bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL,
    expires_at       timestamptz NOT NULL,
    accepted_at      timestamptz,
    revoked_at       timestamptz
);

CREATE INDEX invitations_by_seller ON invitations (tenant_id, seller_id, id);
