-- The projects of each account (from account.changed), so that a distribution finds its account.
create table project_projection (
    project_id varchar(80)  primary key,
    account_id varchar(80)  not null references account_projection (account_id) on delete cascade,
    name       varchar(200) not null,
    sandbox    boolean      not null
);
create index project_projection_account on project_projection (account_id);

-- The anti-spam check of an account: no row is "not_requested".
create table antispam_check (
    account_id      varchar(80)   primary key references account_projection (account_id) on delete cascade,
    state           varchar(20)   not null check (state in ('pending', 'passed', 'rejected')),
    company_website varchar(2000) not null,
    sender_domain   varchar(253)  not null,
    use_case        varchar(1000) not null,
    requested_by    varchar(200)  not null,
    requested_at    timestamptz   not null,
    requests        integer       not null,
    decided_by      varchar(200),
    decided_at      timestamptz,
    reason          varchar(1000)
);

-- Messages counted per account and calendar period (start in the account's timezone).
create table distribution_count (
    account_id   varchar(80) not null,
    period       varchar(5)  not null check (period in ('day', 'month')),
    period_start timestamptz not null,
    used         bigint      not null check (used >= 0),
    primary key (account_id, period, period_start)
);

create table distribution (
    id            varchar(80)   primary key,
    account_id    varchar(80)   not null,
    project_id    varchar(80)   not null,
    channel       varchar(10)   not null check (channel in ('email', 'sms', 'webhook')),
    subject       varchar(1000),
    body          varchar(1000) not null,
    webhook_url   varchar(2000),
    message_count integer       not null,
    created_by    varchar(200)  not null,
    created_at    timestamptz   not null
);
create index distribution_project on distribution (project_id, created_at);

-- One message per recipient. next_attempt_at is also the lease of a message being sent.
create table message (
    id              varchar(80)   primary key,
    distribution_id varchar(80)   not null references distribution (id) on delete cascade,
    position        integer       not null,
    recipient       varchar(1000) not null,
    state           varchar(10)   not null check (state in ('queued', 'sent', 'failed')),
    attempts        integer       not null default 0,
    next_attempt_at timestamptz   not null,
    last_error      varchar(500),
    sent_at         timestamptz,
    unique (distribution_id, position)
);
create index message_due on message (next_attempt_at) where state = 'queued';
