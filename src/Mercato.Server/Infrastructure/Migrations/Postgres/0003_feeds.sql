-- Feed imports: one record per import (the durable state a resumed or failed import is judged by), the per-row
-- issues of its report, saved column mappings per seller, and the mark that tells which import last saw a listing.
ALTER TABLE listings ADD COLUMN last_import_id bigint;

CREATE TABLE feed_imports (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id       bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    seller_id       bigint REFERENCES sellers (id),
    requested_by    text NOT NULL,
    source          text NOT NULL,
    stored_file     text,
    file_hash       text,
    file_bytes      bigint,
    format          text,
    encoding        text,
    options         jsonb NOT NULL,
    status          text NOT NULL,
    error           text,
    rows_read       bigint NOT NULL DEFAULT 0,
    rows_created    bigint NOT NULL DEFAULT 0,
    rows_updated    bigint NOT NULL DEFAULT 0,
    rows_unchanged  bigint NOT NULL DEFAULT 0,
    rows_removed    bigint NOT NULL DEFAULT 0,
    rows_rejected   bigint NOT NULL DEFAULT 0,
    sellers_created bigint NOT NULL DEFAULT 0,
    issues          bigint NOT NULL DEFAULT 0,
    committed_line  bigint NOT NULL DEFAULT 0,
    warnings        jsonb NOT NULL DEFAULT '[]',
    created_at      timestamptz NOT NULL,
    started_at      timestamptz,
    updated_at      timestamptz NOT NULL,
    finished_at     timestamptz
);

CREATE INDEX feed_imports_by_tenant ON feed_imports (tenant_id, id);

CREATE TABLE feed_import_issues (
    import_id bigint NOT NULL REFERENCES feed_imports (id) ON DELETE CASCADE,
    tenant_id bigint NOT NULL,
    line      bigint NOT NULL,
    field     text,
    value     text,
    reason    text NOT NULL
);

CREATE INDEX feed_import_issues_by_import ON feed_import_issues (import_id, line);

CREATE TABLE feed_mappings (
    tenant_id  bigint NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    seller_id  bigint NOT NULL REFERENCES sellers (id),
    mapping    jsonb NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, seller_id)
);
