-- The webhook inbox (spec/quota-service.md §5).

-- Where a project's incoming webhook calls are delivered.
create table webhook_target (
    project_id varchar(80)  primary key references project (id) on delete cascade,
    url        text         not null,
    updated_at timestamptz  not null,
    updated_by varchar(200) not null
);

-- The daily bucket: calls accepted per project and day (the day of the account's time zone).
-- Counted in the transaction that stores the call, so the count is exactly the calls stored.
create table webhook_day (
    project_id varchar(80) not null references project (id) on delete cascade,
    day_start  timestamptz not null,
    used       bigint      not null check (used >= 0),
    primary key (project_id, day_start)
);

-- An accepted call and its delivery. due_at says who owns a queued call: null, the message in
-- RabbitMQ (sent at queued_at); set, the scheduler, which queues it again at due_at (pacing,
-- backoff, or the lease of a delivery in flight running out).
create table webhook_call (
    id              varchar(80)  primary key,
    project_id      varchar(80)  not null references project (id) on delete cascade,
    account_id      varchar(80)  not null,
    source          varchar(200) not null,
    payload         text,
    status          varchar(16)  not null check (status in ('queued', 'delivered', 'failed')),
    attempts        int          not null default 0,
    accepted_at     timestamptz  not null,
    due_at          timestamptz,
    queued_at       timestamptz  not null,
    held_window     bigint,
    last_attempt_at timestamptz,
    last_status     int,
    last_error      varchar(500),
    finished_at     timestamptz
);
create index webhook_call_due on webhook_call (due_at) where due_at is not null;
create index webhook_call_in_queue on webhook_call (queued_at) where status = 'queued' and due_at is null;
create index webhook_call_finished on webhook_call (finished_at) where finished_at is not null;

-- A webhook call is published as two snapshots, the day and the hour: one pending state per window.
alter table usage_snapshot_due drop constraint usage_snapshot_due_pkey;
alter table usage_snapshot_due add primary key (project_id, metric, window_name);
