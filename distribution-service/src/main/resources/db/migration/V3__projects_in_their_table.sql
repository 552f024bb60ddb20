-- The projects live in project_projection (V2); the JSON copy on the account is derivable, so it goes.
alter table account_projection drop column projects;
