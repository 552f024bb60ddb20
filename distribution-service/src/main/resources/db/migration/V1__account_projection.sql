-- distribution-service's view of accounts, fed by account.changed (newest occurredAt wins).
create table account_projection (
    account_id              varchar(80)  primary key,
    name                    varchar(200) not null,
    plan                    varchar(20)  not null,
    pricing_scheme          varchar(20)  not null,
    created_at              timestamptz  not null,
    timezone                varchar(64)  not null,
    distributions_per_day   bigint       not null,
    distributions_per_month bigint       not null,
    projects                text         not null,
    changed_at              timestamptz  not null,
    revision                integer      not null
);
