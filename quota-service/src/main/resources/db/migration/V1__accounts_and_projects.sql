-- quota-service: accounts and their projects (spec/quota-service.md §1).

create table account (
    id               varchar(80)  primary key,
    name             varchar(200) not null,
    owner_email      varchar(320) not null,
    plan             varchar(20)  not null,
    pricing_scheme   varchar(20)  not null,
    created_at       timestamptz  not null,
    cycle_anchor_day integer      not null check (cycle_anchor_day between 1 and 28),
    timezone         varchar(64)  not null,
    updated_at       timestamptz  not null
);

create table project (
    id         varchar(80)  primary key,
    account_id varchar(80)  not null references account (id),
    name       varchar(200) not null,
    sandbox    boolean      not null,
    created_at timestamptz  not null
);

create index project_account on project (account_id);
-- Exactly one Sandbox project per account.
create unique index project_one_sandbox on project (account_id) where sandbox;
