-- API keys (POST /api/keys): a key is "mist_<key_id>_<secret>", shown once when it is made. Only the secret's
-- SHA-256 is kept: the secret is 256 random bits, so a fast hash is enough (nothing to guess from), and checking
-- a key costs a hash, not a key-stretching function, on every request. Revoked keys keep their rows for the audit.
create table api_key (
    id             bigserial primary key,
    key_id         varchar(24) not null unique,
    secret_sha256  bytea not null,
    name           varchar(200) not null,
    -- mist:admin, mist:<store>:<read|write|update|admin>, as token roles are
    roles          text[] not null,
    created_by     varchar(200) not null,
    created_at     timestamptz not null default now(),
    expires_at     timestamptz not null,
    revoked_at     timestamptz
);

-- The audit trail (GET /api/audit): one row per access, after IHE ATNA's events (DICOM PS3.15 A.5): the event
-- (its DCM code's name), its action (C, R, U, D, E), its outcome (0 success, 4 refused, 8 failed), who, from
-- where, through which door, and what.
create table audit_event (
    id                   bigserial primary key,
    event_time           timestamptz not null,
    event_type           varchar(40) not null,
    event_action         char(1) not null,
    outcome              smallint not null,
    principal            varchar(200) not null,
    source_address       varchar(100),
    door                 varchar(16) not null,
    operation            varchar(300) not null,
    status               integer not null,
    store                varchar(64),
    study_instance_uid   varchar(64),
    series_instance_uid  varchar(64),
    sop_instance_uid     varchar(64)
);
create index audit_event_time_idx on audit_event (event_time);
create index audit_event_principal_idx on audit_event (principal, id);
