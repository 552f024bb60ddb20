-- Ids of deleted projects are never given out again: usage rows and Redis windows are kept by
-- project id, and a new project (of any account) must not inherit a deleted one's history.
create table deleted_project (
    id         varchar(80) primary key,
    deleted_at timestamptz not null
);
