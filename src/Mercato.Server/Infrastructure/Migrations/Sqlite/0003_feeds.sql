-- Feed imports: one record per import (the durable state a resumed or failed import is judged by), the per-row
-- issues of its report, saved column mappings per seller, and the mark that tells which import last saw a listing.
ALTER TABLE listings ADD COLUMN last_import_id INTEGER;

CREATE TABLE feed_imports (
    id              INTEGER PRIMARY KEY,
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    seller_id       INTEGER REFERENCES sellers (id),
    requested_by    TEXT NOT NULL,
    source          TEXT NOT NULL,
    stored_file     TEXT,
    file_hash       TEXT,
    file_bytes      INTEGER,
    format          TEXT,
    encoding        TEXT,
    options         TEXT NOT NULL,
    status          TEXT NOT NULL,
    error           TEXT,
    rows_read       INTEGER NOT NULL DEFAULT 0,
    rows_created    INTEGER NOT NULL DEFAULT 0,
    rows_updated    INTEGER NOT NULL DEFAULT 0,
    rows_unchanged  INTEGER NOT NULL DEFAULT 0,
    rows_removed    INTEGER NOT NULL DEFAULT 0,
    rows_rejected   INTEGER NOT NULL DEFAULT 0,
    sellers_created INTEGER NOT NULL DEFAULT 0,
    issues          INTEGER NOT NULL DEFAULT 0,
    committed_line  INTEGER NOT NULL DEFAULT 0,
    warnings        TEXT NOT NULL DEFAULT '[]',
    created_at      TEXT NOT NULL,
    started_at      TEXT,
    updated_at      TEXT NOT NULL,
    finished_at     TEXT
);

CREATE INDEX feed_imports_by_tenant ON feed_imports (tenant_id, id);

CREATE TABLE feed_import_issues (
    import_id INTEGER NOT NULL REFERENCES feed_imports (id) ON DELETE CASCADE,
    tenant_id INTEGER NOT NULL,
    line      INTEGER NOT NULL,
    field     TEXT,
    value     TEXT,
    reason    TEXT NOT NULL
);

CREATE INDEX feed_import_issues_by_import ON feed_import_issues (import_id, line);

CREATE TABLE feed_mappings (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    seller_id  INTEGER NOT NULL REFERENCES sellers (id),
    mapping    TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (tenant_id, seller_id)
);
