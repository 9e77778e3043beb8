-- The change feed (GET /api/changes): one entry per instance created or deleted, written in the transaction that
-- makes the change. Numbers come from the single counter row below, updated as the transaction's last statement:
-- its row lock is held until commit, so a transaction that takes n commits (or rolls back, giving n back) before
-- any other can take n+1. Numbers are therefore handed out in commit order without gaps, and a reader that has
-- seen n never later finds a new entry below n.
create table change_counter (
    only_row  boolean primary key default true check (only_row),
    last_seq  bigint not null
);

create table change_log (
    seq                  bigint primary key,
    recorded_at          timestamptz not null default now(),
    -- CREATE or DELETE
    action               varchar(8) not null,
    store_id             bigint not null references store (id),
    study_instance_uid   varchar(64) not null,
    series_instance_uid  varchar(64) not null,
    sop_instance_uid     varchar(64) not null,
    -- the version of the instance the change made (or removed); every instance is at version 1 until updates exist
    version              integer not null
);
create index change_log_store_idx on change_log (store_id, seq);

-- What was stored before the feed existed enters it as created, in arrival order, so that replaying the feed
-- from 0 gives the live set.
insert into change_log (seq, recorded_at, action, store_id, study_instance_uid, series_instance_uid, sop_instance_uid, version)
select row_number() over (order by i.id), i.created_at, 'CREATE', i.store_id, st.study_instance_uid,
       se.series_instance_uid, i.sop_instance_uid, 1
from instance i join series se on se.id = i.series_fk join study st on st.id = se.study_fk;
insert into change_counter (last_seq) select count(*) from change_log;
