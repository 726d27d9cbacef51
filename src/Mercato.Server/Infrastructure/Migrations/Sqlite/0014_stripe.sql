-- Payments through Stripe: per-tenant payment settings (the Stripe keys protected by ASP.NET Core Data Protection,
-- whose key ring lives in the database), sellers' Connect accounts, webhook events stored once by id, what Mercato
-- created at Stripe per purchase, refunds by Stripe id, and payouts (one per order: never paid twice).
CREATE TABLE payment_settings (
    tenant_id              INTEGER PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    provider               TEXT NOT NULL,
    payout_hold_days       INTEGER NOT NULL,
    refund_reverse_transfer INTEGER NOT NULL,
    refund_application_fee INTEGER NOT NULL,
    stripe_secret_key      TEXT,
    stripe_webhook_secret  TEXT,
    updated_at             TEXT NOT NULL
);

CREATE TABLE stripe_accounts (
    tenant_id         INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    seller_id         INTEGER NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
    account_id        TEXT NOT NULL,
    charges_enabled   INTEGER NOT NULL,
    payouts_enabled   INTEGER NOT NULL,
    details_submitted INTEGER NOT NULL,
    updated_at        TEXT NOT NULL,
    PRIMARY KEY (tenant_id, seller_id)
);

CREATE UNIQUE INDEX stripe_accounts_by_account ON stripe_accounts (tenant_id, account_id);

CREATE TABLE stripe_events (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    event_id     TEXT NOT NULL,
    type         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    processed_at TEXT
);

CREATE UNIQUE INDEX stripe_events_by_id ON stripe_events (tenant_id, event_id);

-- One row per purchase: a Checkout Session or a PaymentIntent; destination is set for a one-seller destination charge.
CREATE TABLE stripe_payments (
    id                  INTEGER PRIMARY KEY,
    tenant_id           INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    purchase_id         INTEGER NOT NULL REFERENCES purchases (id),
    mode                TEXT NOT NULL,
    checkout_session_id TEXT,
    payment_intent_id   TEXT,
    charge_id           TEXT,
    transfer_group      TEXT,
    destination         TEXT,
    application_fee     INTEGER NOT NULL,
    amount              INTEGER NOT NULL,
    currency            TEXT NOT NULL,
    capture_manual      INTEGER NOT NULL,
    processor_fee       INTEGER,
    url                 TEXT,
    created_at          TEXT NOT NULL
);

CREATE UNIQUE INDEX stripe_payments_by_purchase ON stripe_payments (tenant_id, purchase_id);
CREATE INDEX stripe_payments_by_intent ON stripe_payments (tenant_id, payment_intent_id);
CREATE INDEX stripe_payments_by_session ON stripe_payments (tenant_id, checkout_session_id);

-- Refunds known by Stripe id, whoever made them (Mercato or the Stripe dashboard), so each is recorded once.
CREATE TABLE stripe_refunds (
    tenant_id    INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    refund_id    TEXT NOT NULL,
    order_id     INTEGER NOT NULL REFERENCES orders (id),
    amount       INTEGER NOT NULL,
    fee_refunded INTEGER NOT NULL,
    recovered    INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (tenant_id, refund_id)
);

-- What a seller was paid for an order: a Connect transfer, the transfer of a destination charge, or recorded as paid.
CREATE TABLE payouts (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    seller_id   INTEGER NOT NULL REFERENCES sellers (id),
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    provider    TEXT NOT NULL,
    currency    TEXT NOT NULL,
    amount      INTEGER NOT NULL,
    transfer_id TEXT,
    status      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    paid_at     TEXT
);

CREATE UNIQUE INDEX payouts_by_order ON payouts (tenant_id, order_id);
CREATE INDEX payouts_by_seller ON payouts (tenant_id, seller_id, id);
