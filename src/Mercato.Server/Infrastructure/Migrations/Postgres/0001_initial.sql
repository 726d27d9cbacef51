-- Tenants, catalog schemas, sellers, listings and the listing change log.
CREATE TABLE tenants (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug             text NOT NULL UNIQUE,
    name             text NOT NULL,
    default_currency text NOT NULL,
    verticals        jsonb NOT NULL,
    branding         jsonb NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);

CREATE TABLE tenant_hosts (
    host      text PRIMARY KEY,
    tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE
);

CREATE TABLE categories (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    parent_id  bigint REFERENCES categories (id),
    slug       text NOT NULL,
    name       text NOT NULL,
    vertical   text NOT NULL,
    attributes jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    UNIQUE (tenant_id, slug)
);

CREATE TABLE sellers (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    external_id text NOT NULL,
    name        text NOT NULL,
    kind        text NOT NULL,
    status      text NOT NULL,
    postal_code text,
    country     text,
    latitude    double precision,
    longitude   double precision,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    UNIQUE (tenant_id, external_id)
);

CREATE TABLE listings (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id      bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    seller_id      bigint NOT NULL REFERENCES sellers (id),
    category_id    bigint NOT NULL REFERENCES categories (id),
    external_id    text NOT NULL,
    status         text NOT NULL,
    title          text NOT NULL,
    description    text,
    price_amount   bigint,
    price_currency text,
    attributes     jsonb NOT NULL,
    latitude       double precision,
    longitude      double precision,
    version        integer NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    UNIQUE (tenant_id, seller_id, external_id)
);

CREATE INDEX listings_by_seller ON listings (tenant_id, seller_id, id);
CREATE INDEX listings_by_tenant ON listings (tenant_id, id);

-- Appended in the same transaction as every listing write; seq is the position followers read from.
-- Writers take a transaction-scoped advisory lock before appending (see ChangeLog), so seq order is
-- commit order and a follower reading "seq > position" never skips a row that commits later.
CREATE TABLE listing_changes (
    seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id  bigint NOT NULL,
    listing_id bigint NOT NULL,
    version    integer NOT NULL,
    kind       text NOT NULL,
    changed_at timestamptz NOT NULL
);

CREATE INDEX listing_changes_by_tenant ON listing_changes (tenant_id, seq);
