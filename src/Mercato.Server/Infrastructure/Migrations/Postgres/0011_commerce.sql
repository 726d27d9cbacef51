-- Commerce: carts, checkout (purchases split into one order per seller), order processes, inventory, the ledger,
-- per-tenant rates (tax, commission, shipping) and idempotency keys of our own API.
CREATE TABLE commerce_tax_rates (
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    country    text NOT NULL,
    region     text NOT NULL,
    rate_bp    bigint NOT NULL,
    PRIMARY KEY (tenant_id, country, region)
);

-- category_id 0 is the tenant's default commission; a category's own row overrides it.
CREATE TABLE commerce_commissions (
    tenant_id   bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    category_id bigint NOT NULL,
    percent_bp  bigint NOT NULL,
    fixed_minor bigint NOT NULL,
    PRIMARY KEY (tenant_id, category_id)
);

CREATE TABLE commerce_shipping_rates (
    tenant_id bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    seller_id bigint NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
    amount    bigint NOT NULL,
    currency  text NOT NULL,
    PRIMARY KEY (tenant_id, seller_id)
);

CREATE TABLE stock (
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    listing_id bigint NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    available  bigint NOT NULL CHECK (available >= 0),
    reserved   bigint NOT NULL CHECK (reserved >= 0 AND reserved <= available),
    PRIMARY KEY (tenant_id, listing_id)
);

CREATE TABLE carts (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id    bigint REFERENCES users (id) ON DELETE CASCADE,
    token_hash text UNIQUE,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE UNIQUE INDEX carts_by_user ON carts (tenant_id, user_id) WHERE user_id IS NOT NULL;

CREATE TABLE cart_lines (
    cart_id     bigint NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    tenant_id   bigint NOT NULL,
    listing_id  bigint NOT NULL REFERENCES listings (id) ON DELETE CASCADE,
    quantity    bigint NOT NULL,
    unit_amount bigint NOT NULL,
    currency    text NOT NULL,
    added_at    timestamptz NOT NULL,
    PRIMARY KEY (cart_id, listing_id)
);

CREATE TABLE purchases (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id        bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    buyer_user_id    bigint,
    buyer_token_hash text,
    buyer_email      text NOT NULL,
    currency         text NOT NULL,
    total            bigint NOT NULL,
    country          text NOT NULL,
    region           text NOT NULL,
    created_at       timestamptz NOT NULL
);

CREATE TABLE orders (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id        bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    purchase_id      bigint NOT NULL REFERENCES purchases (id),
    seller_id        bigint NOT NULL REFERENCES sellers (id),
    buyer_user_id    bigint,
    buyer_token_hash text,
    buyer_email      text NOT NULL,
    process          text NOT NULL,
    state            text NOT NULL,
    provider         text NOT NULL,
    currency         text NOT NULL,
    subtotal         bigint NOT NULL,
    tax              bigint NOT NULL,
    shipping         bigint NOT NULL,
    total            bigint NOT NULL,
    platform_fee     bigint NOT NULL,
    paid             bigint NOT NULL DEFAULT 0,
    refunded         bigint NOT NULL DEFAULT 0,
    tracking         text,
    version          bigint NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);

CREATE INDEX orders_by_seller ON orders (tenant_id, seller_id, id);
CREATE INDEX orders_by_buyer ON orders (tenant_id, buyer_user_id, id);
CREATE INDEX orders_by_purchase ON orders (tenant_id, purchase_id);

CREATE TABLE order_lines (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id    bigint NOT NULL,
    order_id     bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    listing_id   bigint NOT NULL,
    category_id  bigint NOT NULL,
    title        text NOT NULL,
    quantity     bigint NOT NULL,
    unit_amount  bigint NOT NULL,
    stock_held   bigint NOT NULL
);

CREATE INDEX order_lines_by_order ON order_lines (order_id);

-- Every transition an order took, with who fired it and when; never updated.
CREATE TABLE order_transitions (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id  bigint NOT NULL,
    order_id   bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    transition text NOT NULL,
    from_state text,
    to_state   text NOT NULL,
    actor      text NOT NULL,
    actor_id   text,
    detail     text,
    at         timestamptz NOT NULL
);

CREATE INDEX order_transitions_by_order ON order_transitions (order_id, id);

-- Stock an order holds: 'held' until paid ('committed') or released ('released').
CREATE TABLE stock_reservations (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id  bigint NOT NULL,
    order_id   bigint NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    listing_id bigint NOT NULL,
    quantity   bigint NOT NULL,
    state      text NOT NULL,
    expires_at bigint NOT NULL
);

CREATE INDEX stock_reservations_by_order ON stock_reservations (order_id);

-- Double-entry and append-only: the entries of one journal sum to zero per currency. Debits positive, credits negative.
CREATE TABLE ledger_entries (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    journal    text NOT NULL,
    order_id   bigint,
    seller_id  bigint,
    account    text NOT NULL,
    currency   text NOT NULL,
    amount     bigint NOT NULL,
    day        text NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE INDEX ledger_by_order ON ledger_entries (tenant_id, order_id);
CREATE INDEX ledger_by_seller ON ledger_entries (tenant_id, seller_id, account);
CREATE INDEX ledger_by_day ON ledger_entries (tenant_id, day);

CREATE TABLE idempotency_keys (
    tenant_id    bigint NOT NULL,
    scope        text NOT NULL,
    idem_key     text NOT NULL,
    request_hash text NOT NULL,
    state        text NOT NULL,
    status_code  bigint,
    content_type text,
    location     text,
    body         bytea,
    locked_until bigint NOT NULL,
    expires_at   bigint NOT NULL,
    PRIMARY KEY (tenant_id, scope, idem_key)
);
