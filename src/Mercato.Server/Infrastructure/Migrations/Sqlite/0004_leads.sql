-- Shoppers' messages to sellers about a listing.
CREATE TABLE leads (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    listing_id INTEGER NOT NULL,
    seller_id  INTEGER NOT NULL REFERENCES sellers (id),
    name       TEXT NOT NULL,
    email      TEXT NOT NULL,
    phone      TEXT,
    message    TEXT NOT NULL,
    status     TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX leads_by_seller ON leads (tenant_id, seller_id, id);
