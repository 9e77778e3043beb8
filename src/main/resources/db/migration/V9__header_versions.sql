-- Updates without re-sending pixels: an update writes each instance's header object anew, under a new key, and keeps
-- the earlier ones, so any version can be restored. header_version is the version served; the table lists every
-- version of an instance once it has been updated (an instance never updated has only version 1, its header_key).
-- A restore is a version of its own, pointing at the restored version's object, so versions only grow and the
-- feed can say which version each change made.
alter table instance add column header_version integer not null default 1;

create table header_version (
    instance_fk  bigint not null references instance (id) on delete cascade,
    version      integer not null,
    header_key   varchar(400) not null,
    -- CREATE, UPDATE or RESTORE
    made_by      varchar(8) not null,
    created_at   timestamptz not null default now(),
    primary key (instance_fk, version)
);
