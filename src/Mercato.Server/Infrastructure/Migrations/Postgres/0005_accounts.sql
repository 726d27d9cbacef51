-- People who sign in, the sellers they belong to, seller API keys, password resets and outgoing e-mail.
CREATE TABLE users (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id           bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    email               text NOT NULL,
    email_normalized    text NOT NULL,
    name                text NOT NULL,
    password_hash       text NOT NULL,
    role                text NOT NULL,
    failed_count        integer NOT NULL DEFAULT 0,
    failed_window_start timestamptz,
    security_stamp      text NOT NULL,
    created_at          timestamptz NOT NULL,
    UNIQUE (tenant_id, email_normalized)
);

CREATE TABLE memberships (
    tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id   bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    seller_id bigint NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
    role      text NOT NULL,
    PRIMARY KEY (user_id, seller_id)
);

CREATE TABLE api_keys (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id    bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    seller_id    bigint NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
    name         text NOT NULL,
    prefix       text NOT NULL,
    key_hash     text NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz
);

CREATE INDEX api_keys_by_seller ON api_keys (tenant_id, seller_id);

CREATE TABLE password_resets (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash text NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);

CREATE TABLE outbox_emails (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    recipient  text NOT NULL,
    subject    text NOT NULL,
    body       text NOT NULL,
    created_at timestamptz NOT NULL,
    sent_at    timestamptz
);

-- ASP.NET Core data-protection keys (cookies, antiforgery), shared by every node of the marketplace.
CREATE TABLE data_protection_keys (
    name text PRIMARY KEY,
    xml  text NOT NULL
);
