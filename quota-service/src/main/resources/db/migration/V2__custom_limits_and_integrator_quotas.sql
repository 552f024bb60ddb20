-- quota-service: negotiated limits and integrator quotas (spec/quota-service.md §1–2).

alter table account add column custom_limits text;

-- One row per integrator account: its limits and the usage counters they bound. Every counting
-- request changes its counter with one conditional UPDATE on this row, so a limit holds under
-- any number of concurrent requests and service instances.
create table integrator_account (
    account_id            varchar(80) primary key references account (id),
    enabled               boolean     not null,
    tier                  varchar(20) not null,
    max_managed_orgs      bigint      not null check (max_managed_orgs >= 0),
    max_managed_processes bigint      not null check (max_managed_processes >= 0),
    max_votes             bigint      not null check (max_votes >= 0),
    max_emails            bigint      not null check (max_emails >= 0),
    max_sms               bigint      not null check (max_sms >= 0),
    managed_orgs          bigint      not null default 0 check (managed_orgs >= 0),
    managed_processes     bigint      not null default 0 check (managed_processes >= 0),
    sent_votes            bigint      not null default 0 check (sent_votes >= 0),
    sent_emails           bigint      not null default 0 check (sent_emails >= 0),
    sent_sms              bigint      not null default 0 check (sent_sms >= 0),
    updated_at            timestamptz not null
);

-- A managed organization carries the usage attributed to it, so that deleting it can give the
-- account's counters back exactly.
create table managed_organization (
    id                varchar(80)  primary key,
    account_id        varchar(80)  not null references integrator_account (account_id),
    name              varchar(200) not null,
    created_at        timestamptz  not null,
    managed_processes bigint       not null default 0 check (managed_processes >= 0),
    sent_votes        bigint       not null default 0 check (sent_votes >= 0),
    sent_emails       bigint       not null default 0 check (sent_emails >= 0),
    sent_sms          bigint       not null default 0 check (sent_sms >= 0)
);

create index managed_organization_account on managed_organization (account_id, created_at);

create table managed_process (
    id              varchar(80)  primary key,
    organization_id varchar(80)  not null references managed_organization (id),
    account_id      varchar(80)  not null,
    title           varchar(200) not null,
    created_at      timestamptz  not null
);

create index managed_process_organization on managed_process (organization_id);
