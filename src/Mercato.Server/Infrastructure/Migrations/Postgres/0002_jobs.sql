-- Background jobs, their failed attempts, worker nodes, cron schedules and quota budgets.
-- Jobs rows are updated several times in their short life; fillfactor leaves room for HOT updates and the
-- autovacuum settings make vacuum follow the churn (see docs/jobs.md, "PostgreSQL table bloat").
CREATE TABLE jobs (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id        bigint REFERENCES tenants (id) ON DELETE CASCADE,
    queue            text NOT NULL,
    kind             text NOT NULL,
    payload          jsonb NOT NULL,
    state            text NOT NULL,
    priority         integer NOT NULL,
    attempt          integer NOT NULL DEFAULT 0,
    max_attempts     integer NOT NULL,
    timeout_ms       bigint NOT NULL,
    run_at           timestamptz NOT NULL,
    created_at       timestamptz NOT NULL,
    started_at       timestamptz,
    finished_at      timestamptz,
    deadline_at      timestamptz,
    node             text,
    unique_key       text,
    budget_key       text,
    budget_units     integer,
    cancel_requested boolean NOT NULL DEFAULT false,
    last_error       text
) WITH (
    fillfactor = 70,
    autovacuum_vacuum_scale_factor = 0.01,
    autovacuum_vacuum_threshold = 1000,
    autovacuum_analyze_scale_factor = 0.02,
    autovacuum_vacuum_cost_delay = 1
);

-- The claim query walks this index: ready jobs of one queue, highest priority first, then oldest.
CREATE INDEX jobs_ready ON jobs (queue, priority DESC, run_at, id) WHERE state = 'available';
CREATE INDEX jobs_running ON jobs (queue, node) WHERE state = 'running';
CREATE INDEX jobs_unique ON jobs (unique_key, created_at) WHERE unique_key IS NOT NULL;
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE state IN ('completed', 'cancelled', 'discarded');
CREATE INDEX jobs_by_tenant ON jobs (tenant_id, id);

CREATE TABLE job_attempts (
    job_id      bigint NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    attempt     integer NOT NULL,
    node        text,
    outcome     text NOT NULL,
    error       text NOT NULL,
    started_at  timestamptz,
    finished_at timestamptz NOT NULL,
    PRIMARY KEY (job_id, attempt)
);

CREATE TABLE job_nodes (
    name         text PRIMARY KEY,
    started_at   timestamptz NOT NULL,
    heartbeat_at timestamptz NOT NULL
);

CREATE TABLE job_schedules (
    name            text PRIMARY KEY,
    cron            text NOT NULL,
    time_zone       text NOT NULL,
    next_at         timestamptz NOT NULL,
    last_occurrence timestamptz,
    updated_at      timestamptz NOT NULL
);

CREATE TABLE job_budgets (
    key        text PRIMARY KEY,
    window_end timestamptz NOT NULL,
    used       bigint NOT NULL
);
