-- API packages (spec/quota-service.md §3): extras an account has for a while.
create table api_package (
    id               text primary key,
    account_id       text        not null references account (id) on delete cascade,
    extra_per_minute bigint      not null default 0 check (extra_per_minute >= 0),
    extra_per_hour   bigint      not null default 0 check (extra_per_hour >= 0),
    extra_per_cycle  bigint      not null default 0 check (extra_per_cycle >= 0),
    valid_from       timestamptz not null,
    valid_until      timestamptz not null,
    ended_at         timestamptz,
    created_at       timestamptz not null,
    check (valid_until > valid_from)
);
create index api_package_by_account on api_package (account_id, created_at, id);

-- A billing cycle's total per project and metric: what a Redis loss must never forget.
create table cycle_usage (
    project_id  text        not null,
    metric      text        not null,
    cycle_start timestamptz not null,
    used        bigint      not null check (used >= 0),
    primary key (project_id, metric, cycle_start)
);

-- Hourly rollups of allowed and denied calls, the source of the usage history (kept 400+ days).
create table usage_rollup (
    project_id text        not null,
    metric     text        not null,
    hour_start timestamptz not null,
    allowed    bigint      not null default 0,
    denied     bigint      not null default 0,
    primary key (project_id, metric, hour_start)
);

-- The newest state of a (project, metric) still to be published as usage.snapshot: written in the
-- transaction of the usage it describes, taken by the flusher, so a snapshot survives a crash.
create table usage_snapshot_due (
    project_id   text        not null,
    metric       text        not null,
    account_id   text        not null,
    period_start timestamptz not null,
    period_end   timestamptz not null,
    used         bigint      not null,
    limit_value  bigint      not null,
    window_name  text        not null,
    updated_at   timestamptz not null,
    primary key (project_id, metric)
);
