-- Commerce: carts, checkout (purchases split into one order per seller), order processes, inventory, the ledger,
-- per-tenant rates (tax, commission, shipping) and idempotency keys of our own API.
CREATE TABLE commerce_tax_rates (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    country    TEXT NOT NULL,
    region     TEXT NOT NULL,
    rate_bp    INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, country, region)
);

-- category_id 0 is the tenant's default commission; a category's own row overrides it.
CREATE TABLE commerce_commissions (
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    category_id INTEGER NOT NULL,
    percent_bp  INTEGER NOT NULL,
    fixed_minor INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, category_id)
);

CREATE TABLE commerce_shipping_rates (
    tenant_id INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    seller_id INTEGER NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
    amount    INTEGER NOT NULL,
    currency  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, seller_id)
);

CREATE TABLE stock (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    listing_id INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    available  INTEGER NOT NULL CHECK (available >= 0),
    reserved   INTEGER NOT NULL CHECK (reserved >= 0 AND reserved <= available),
    PRIMARY KEY (tenant_id, listing_id)
);

CREATE TABLE carts (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id    INTEGER REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE UNIQUE INDEX carts_by_user ON carts (tenant_id, user_id) WHERE user_id IS NOT NULL;

CREATE TABLE cart_lines (
    cart_id     INTEGER NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    tenant_id   INTEGER NOT NULL,
    listing_id  INTEGER NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    quantity    INTEGER NOT NULL,
    unit_amount INTEGER NOT NULL,
    currency    TEXT NOT NULL,
    added_at    TEXT NOT NULL,
    PRIMARY KEY (cart_id, listing_id)
);

CREATE TABLE purchases (
    id               INTEGER PRIMARY KEY,
    tenant_id        INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    buyer_user_id    INTEGER,
    buyer_token_hash TEXT,
    buyer_email      TEXT NOT NULL,
    currency         TEXT NOT NULL,
    total            INTEGER NOT NULL,
    country          TEXT NOT NULL,
    region           TEXT NOT NULL,
    created_at       TEXT NOT NULL
);

CREATE TABLE orders (
    id               INTEGER PRIMARY KEY,
    tenant_id        INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    purchase_id      INTEGER NOT NULL REFERENCES purchases (id),
    seller_id        INTEGER NOT NULL REFERENCES sellers (id),
    buyer_user_id    INTEGER,
    buyer_token_hash TEXT,
    buyer_email      TEXT NOT NULL,
    process          TEXT NOT NULL,
    state            TEXT NOT NULL,
    provider         TEXT NOT NULL,
    currency         TEXT NOT NULL,
    subtotal         INTEGER NOT NULL,
    tax              INTEGER NOT NULL,
    shipping         INTEGER NOT NULL,
    total            INTEGER NOT NULL,
    platform_fee     INTEGER NOT NULL,
    paid             INTEGER NOT NULL DEFAULT 0,
    refunded         INTEGER NOT NULL DEFAULT 0,
    tracking         TEXT,
    version          INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);

CREATE INDEX orders_by_seller ON orders (tenant_id, seller_id, id);
CREATE INDEX orders_by_buyer ON orders (tenant_id, buyer_user_id, id);
CREATE INDEX orders_by_purchase ON orders (tenant_id, purchase_id);

CREATE TABLE order_lines (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL,
    order_id     INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    listing_id   INTEGER NOT NULL,
    category_id  INTEGER NOT NULL,
    title        TEXT NOT NULL,
    quantity     INTEGER NOT NULL,
    unit_amount  INTEGER NOT NULL,
    stock_held   INTEGER NOT NULL
);

CREATE INDEX order_lines_by_order ON order_lines (order_id);

-- Every transition an order took, with who fired it and when; never updated.
CREATE TABLE order_transitions (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL,
    order_id   INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    transition TEXT NOT NULL,
    from_state TEXT,
    to_state   TEXT NOT NULL,
    actor      TEXT NOT NULL,
    actor_id   TEXT,
    detail     TEXT,
    at         TEXT NOT NULL
);

CREATE INDEX order_transitions_by_order ON order_transitions (order_id, id);

-- Stock an order holds: 'held' until paid ('committed') or released ('released').
CREATE TABLE stock_reservations (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL,
    order_id   INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    listing_id INTEGER NOT NULL,
    quantity   INTEGER NOT NULL,
    state      TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE INDEX stock_reservations_by_order ON stock_reservations (order_id);

-- Double-entry and append-only: the entries of one journal sum to zero per currency. Debits positive, credits negative.
CREATE TABLE ledger_entries (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    journal    TEXT NOT NULL,
    order_id   INTEGER,
    seller_id  INTEGER,
    account    TEXT NOT NULL,
    currency   TEXT NOT NULL,
    amount     INTEGER NOT NULL,
    day        TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX ledger_by_order ON ledger_entries (tenant_id, order_id);
CREATE INDEX ledger_by_seller ON ledger_entries (tenant_id, seller_id, account);
CREATE INDEX ledger_by_day ON ledger_entries (tenant_id, day);

CREATE TABLE idempotency_keys (
    tenant_id    INTEGER NOT NULL,
    scope        TEXT NOT NULL,
    idem_key     TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    state        TEXT NOT NULL,
    status_code  INTEGER,
    content_type TEXT,
    location     TEXT,
    body         BLOB,
    locked_until INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, scope, idem_key)
);
