-- Shared by every service (common/): the transactional outbox and the consumers' record of the
-- events they already processed. Services keep their own migrations from V1 on.

create table outbox_message (
    id          uuid primary key,
    routing_key varchar(100) not null,
    payload     text         not null,
    created_at  timestamptz  not null,
    sent_at     timestamptz,
    attempts    integer      not null default 0
);

-- The relay reads only unsent rows, oldest first.
create index outbox_message_unsent on outbox_message (created_at, id) where sent_at is null;
create index outbox_message_sent_at on outbox_message (sent_at) where sent_at is not null;

create table processed_event (
    consumer     varchar(100) not null,
    event_id     varchar(64)  not null,
    processed_at timestamptz  not null,
    primary key (consumer, event_id)
);

create index processed_event_processed_at on processed_event (processed_at);
