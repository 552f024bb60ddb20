-- notification-service's view of accounts, fed by account.changed (newest occurredAt wins).
create table account_projection (
    account_id             varchar(80)  primary key,
    name                   varchar(200) not null,
    owner_email            varchar(320) not null,
    timezone               varchar(64)  not null,
    webhook_calls_per_day  bigint       not null,
    projects               text         not null,
    changed_at             timestamptz  not null,
    revision               integer      not null
);
