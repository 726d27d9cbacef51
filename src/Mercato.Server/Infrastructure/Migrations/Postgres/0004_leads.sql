-- Shoppers' messages to sellers about a listing.
CREATE TABLE leads (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    listing_id bigint NOT NULL,
    seller_id  bigint NOT NULL REFERENCES sellers (id),
    name       text NOT NULL,
    email      text NOT NULL,
    phone      text,
    message    text NOT NULL,
    status     text NOT NULL,
    created_at timestamptz NOT NULL
);

CREATE INDEX leads_by_seller ON leads (tenant_id, seller_id, id);
