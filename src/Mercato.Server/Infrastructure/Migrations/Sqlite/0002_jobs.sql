-- Background jobs, their failed attempts, worker nodes, cron schedules and quota budgets.
-- Times are integer Unix milliseconds (UTC), so comparisons and arithmetic in SQL are exact.
CREATE TABLE jobs (
    id               INTEGER PRIMARY KEY,
    tenant_id        INTEGER REFERENCES tenants (id) ON DELETE CASCADE,
    queue            TEXT NOT NULL,
    kind             TEXT NOT NULL,
    payload          TEXT NOT NULL,
    state            TEXT NOT NULL,
    priority         INTEGER NOT NULL,
    attempt          INTEGER NOT NULL DEFAULT 0,
    max_attempts     INTEGER NOT NULL,
    timeout_ms       INTEGER NOT NULL,
    run_at           INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    started_at       INTEGER,
    finished_at      INTEGER,
    deadline_at      INTEGER,
    node             TEXT,
    unique_key       TEXT,
    budget_key       TEXT,
    budget_units     INTEGER,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT
);

CREATE INDEX jobs_ready ON jobs (queue, priority DESC, run_at, id) WHERE state = 'available';
CREATE INDEX jobs_running ON jobs (queue, node) WHERE state = 'running';
CREATE INDEX jobs_unique ON jobs (unique_key, created_at) WHERE unique_key IS NOT NULL;
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE state IN ('completed', 'cancelled', 'discarded');
CREATE INDEX jobs_by_tenant ON jobs (tenant_id, id);

CREATE TABLE job_attempts (
    job_id      INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempt     INTEGER NOT NULL,
    node        TEXT,
    outcome     TEXT NOT NULL,
    error       TEXT NOT NULL,
    started_at  INTEGER,
    finished_at INTEGER NOT NULL,
    PRIMARY KEY (job_id, attempt)
);

CREATE TABLE job_nodes (
    name         TEXT PRIMARY KEY,
    started_at   INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL
);

CREATE TABLE job_schedules (
    name            TEXT PRIMARY KEY,
    cron            TEXT NOT NULL,
    time_zone       TEXT NOT NULL,
    next_at         INTEGER NOT NULL,
    last_occurrence INTEGER,
    updated_at      INTEGER NOT NULL
);

CREATE TABLE job_budgets (
    key        TEXT PRIMARY KEY,
    window_end INTEGER NOT NULL,
    used       INTEGER NOT NULL
);
