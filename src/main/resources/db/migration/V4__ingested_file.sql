-- The files `mist ingest` has stored (or found stored), as they were when read: a later run over the same folder
-- skips a file whose size, modification time and collection are unchanged, without reading it. A row is written
-- only after the file's instances are committed, so a run killed at any point re-reads at most the files in
-- flight, which the idempotent ingest then finds already stored.
create table ingested_file (
    store_id     bigint not null references store (id),
    path         text not null,
    size         bigint not null,
    modified_ms  bigint not null,
    collection   varchar(64) not null,
    recorded_at  timestamptz not null default now(),
    primary key (store_id, path)
);
