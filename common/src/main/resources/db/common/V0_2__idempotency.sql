-- Shared by every service: answers to POSTs sent with an Idempotency-Key (conventions.md).
-- A repeat within 24 hours with the same body gets the stored answer; another body is a 409.
create table idempotency_record (
    scope        varchar(120) not null,
    idem_key     varchar(255) not null,
    request_hash varchar(64)  not null,
    response     text,
    created_at   timestamptz  not null,
    primary key (scope, idem_key)
);

create index idempotency_record_created_at on idempotency_record (created_at);
