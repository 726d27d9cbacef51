-- Payments through Stripe: per-tenant payment settings (the Stripe keys protected by ASP.NET Core Data Protection,
-- whose key ring lives in the database), sellers' Connect accounts, webhook events stored once by id, what Mercato
-- created at Stripe per purchase, refunds by Stripe id, and payouts (one per order: never paid twice).
CREATE TABLE payment_settings (
    tenant_id              bigint PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    provider               text NOT NULL,
    payout_hold_days       bigint NOT NULL,
    refund_reverse_transfer bigint NOT NULL,
    refund_application_fee bigint NOT NULL,
    stripe_secret_key      text,
    stripe_webhook_secret  text,
    updated_at             timestamptz NOT NULL
);

CREATE TABLE stripe_accounts (
    tenant_id         bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    seller_id         bigint NOT NULL REFERENCES sellers (id) ON DELETE CASCADE,
    account_id        text NOT NULL,
    charges_enabled   bigint NOT NULL,
    payouts_enabled   bigint NOT NULL,
    details_submitted bigint NOT NULL,
    updated_at        timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, seller_id)
);

CREATE UNIQUE INDEX stripe_accounts_by_account ON stripe_accounts (tenant_id, account_id);

CREATE TABLE stripe_events (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id    bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    event_id     text NOT NULL,
    type         text NOT NULL,
    payload      text NOT NULL,
    received_at  timestamptz NOT NULL,
    processed_at timestamptz
);

CREATE UNIQUE INDEX stripe_events_by_id ON stripe_events (tenant_id, event_id);

-- One row per purchase: a Checkout Session or a PaymentIntent; destination is set for a one-seller destination charge.
CREATE TABLE stripe_payments (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id           bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    purchase_id         bigint NOT NULL REFERENCES purchases (id),
    mode                text NOT NULL,
    checkout_session_id text,
    payment_intent_id   text,
    charge_id           text,
    transfer_group      text,
    destination         text,
    application_fee     bigint NOT NULL,
    amount              bigint NOT NULL,
    currency            text NOT NULL,
    capture_manual      bigint NOT NULL,
    processor_fee       bigint,
    url                 text,
    created_at          timestamptz NOT NULL
);

CREATE UNIQUE INDEX stripe_payments_by_purchase ON stripe_payments (tenant_id, purchase_id);
CREATE INDEX stripe_payments_by_intent ON stripe_payments (tenant_id, payment_intent_id);
CREATE INDEX stripe_payments_by_session ON stripe_payments (tenant_id, checkout_session_id);

-- Refunds known by Stripe id, whoever made them (Mercato or the Stripe dashboard), so each is recorded once.
CREATE TABLE stripe_refunds (
    tenant_id    bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    refund_id    text NOT NULL,
    order_id     bigint NOT NULL REFERENCES orders (id),
    amount       bigint NOT NULL,
    fee_refunded bigint NOT NULL,
    recovered    bigint NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, refund_id)
);

-- What a seller was paid for an order: a Connect transfer, the transfer of a destination charge, or recorded as paid.
CREATE TABLE payouts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id   bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    seller_id   bigint NOT NULL REFERENCES sellers (id),
    order_id    bigint NOT NULL REFERENCES orders (id),
    provider    text NOT NULL,
    currency    text NOT NULL,
    amount      bigint NOT NULL,
    transfer_id text,
    status      text NOT NULL,
    created_at  timestamptz NOT NULL,
    paid_at     timestamptz
);

CREATE UNIQUE INDEX payouts_by_order ON payouts (tenant_id, order_id);
CREATE INDEX payouts_by_seller ON payouts (tenant_id, seller_id, id);
