-- Tenants, catalog schemas, sellers, listings and the listing change log.
CREATE TABLE tenants (
    id               INTEGER PRIMARY KEY,
    slug             TEXT NOT NULL UNIQUE,
    name             TEXT NOT NULL,
    default_currency TEXT NOT NULL,
    verticals        TEXT NOT NULL,
    branding         TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);

CREATE TABLE tenant_hosts (
    host      TEXT PRIMARY KEY,
    tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE
);

CREATE TABLE categories (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    parent_id  INTEGER REFERENCES categories (id),
    slug       TEXT NOT NULL,
    name       TEXT NOT NULL,
    vertical   TEXT NOT NULL,
    attributes TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (tenant_id, slug)
);

CREATE TABLE sellers (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    external_id TEXT NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    status      TEXT NOT NULL,
    postal_code TEXT,
    country     TEXT,
    latitude    REAL,
    longitude   REAL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (tenant_id, external_id)
);

CREATE TABLE listings (
    id             INTEGER PRIMARY KEY,
    tenant_id      INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    seller_id      INTEGER NOT NULL REFERENCES sellers (id),
    category_id    INTEGER NOT NULL REFERENCES categories (id),
    external_id    TEXT NOT NULL,
    status         TEXT NOT NULL,
    title          TEXT NOT NULL,
    description    TEXT,
    price_amount   INTEGER,
    price_currency TEXT,
    attributes     TEXT NOT NULL,
    latitude       REAL,
    longitude      REAL,
    version        INTEGER NOT NULL,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (tenant_id, seller_id, external_id)
);

CREATE INDEX listings_by_seller ON listings (tenant_id, seller_id, id);
CREATE INDEX listings_by_tenant ON listings (tenant_id, id);

-- Appended in the same transaction as every listing write; seq is the position followers read from.
CREATE TABLE listing_changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    tenant_id  INTEGER NOT NULL,
    listing_id INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    changed_at TEXT NOT NULL
);

CREATE INDEX listing_changes_by_tenant ON listing_changes (tenant_id, seq);
