-- The projects of each account, from account.changed: who may see and set what.
create table project_projection (
    project_id  varchar(80)  primary key,
    account_id  varchar(80)  not null,
    name        varchar(200) not null,
    sandbox     boolean      not null
);
create index project_projection_account on project_projection (account_id);

-- The owner's notification settings of a project (rules as JSON); no row means the defaults.
create table notification_settings (
    project_id  varchar(80)  primary key,
    account_id  varchar(80)  not null,
    rules       text         not null,
    updated_by  varchar(255) not null,
    updated_at  timestamptz  not null
);

-- Who changed which settings when, with the rules before (null: the defaults) and after.
create table notification_settings_change (
    id           bigserial    primary key,
    project_id   varchar(80)  not null,
    account_id   varchar(80)  not null,
    changed_by   varchar(255) not null,
    changed_at   timestamptz  not null,
    rules_before text,
    rules_after  text         not null
);
create index notification_settings_change_project on notification_settings_change (project_id, changed_at desc, id desc);

-- The newest usage seen of a (project, metric, window, period), and the thresholds notified in it.
-- rearms counts how often a raised limit brought usage back under a notified threshold.
create table usage_period (
    project_id   varchar(80) not null,
    metric       varchar(40) not null,
    window_name  varchar(10) not null,
    period_start timestamptz not null,
    period_end   timestamptz not null,
    account_id   varchar(80) not null,
    used         bigint      not null,
    limit_value  bigint      not null,
    snapshot_at  timestamptz not null,
    reached      varchar(100) not null,
    rearms       integer     not null,
    primary key (project_id, metric, window_name, period_start)
);

-- Every notification; in_app tells whether it shows in the inbox.
create table notification (
    id          varchar(40)   primary key,
    account_id  varchar(80)   not null,
    project_id  varchar(80),
    kind        varchar(30)   not null,
    title       varchar(300)  not null,
    message     varchar(1000) not null,
    details     text          not null,
    in_app      boolean       not null,
    created_at  timestamptz   not null
);
create index notification_inbox on notification (account_id, created_at desc, id desc) where in_app;

-- The business keys a notification answers for, e.g. usage:<project>:<metric>:<window>:<period>:<threshold>:<round>.
-- The primary key is what makes each of them notify once, whatever the redeliveries and replicas.
create table notification_key (
    business_key    varchar(400) primary key,
    notification_id varchar(40)  not null references notification (id) deferrable initially deferred
);

-- What each user (token subject) has read.
create table notification_read (
    reader          varchar(255) not null,
    notification_id varchar(40)  not null references notification (id) on delete cascade,
    read_at         timestamptz  not null,
    primary key (reader, notification_id)
);

-- The e-mail of a notification, rendered once; sent by MailDispatcher with retries.
-- recipients: comma-separated, empty for the account owner (looked up when sending).
create table email_delivery (
    id               bigserial    primary key,
    notification_id  varchar(40)  not null unique references notification (id),
    account_id       varchar(80)  not null,
    recipients       text         not null,
    subject          varchar(300) not null,
    html             text         not null,
    text_body        text         not null,
    state            varchar(10)  not null,
    attempts         integer      not null,
    next_attempt_at  timestamptz  not null,
    last_error       varchar(500),
    created_at       timestamptz  not null,
    sent_at          timestamptz
);
create index email_delivery_due on email_delivery (next_attempt_at) where state = 'pending';

-- Every instance LISTENs on headroom_inbox and pushes new in-app notifications to its SSE clients.
-- NOTIFY is delivered at commit, so a client never sees a notification that rolled back. The
-- payload names the notification only (NOTIFY takes at most 8000 bytes); listeners read the rest.
create function notify_inbox() returns trigger language plpgsql as $$
begin
    perform pg_notify('headroom_inbox', json_build_object(
        'id', new.id, 'accountId', new.account_id, 'projectId', new.project_id)::text);
    return new;
end $$;
create trigger notification_inbox_notify after insert on notification
    for each row when (new.in_app) execute function notify_inbox();
