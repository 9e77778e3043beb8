-- The archive: stores (datasets) hold patients, studies, series, instances and frames. The QIDO-RS
-- attributes are columns; everything else is in the instance's header object.

create table store (
    id          bigserial primary key,
    name        varchar(64) not null unique,
    created_at  timestamptz not null default now()
);
insert into store (name) values ('default');

create table patient (
    id                    bigserial primary key,
    store_id              bigint not null references store (id),
    patient_id            varchar(64) not null,
    issuer_of_patient_id  varchar(64) not null default '',
    patient_name          varchar(324),
    patient_birth_date    varchar(8),
    patient_sex           varchar(16),
    unique (store_id, patient_id, issuer_of_patient_id)
);

create table study (
    id                        bigserial primary key,
    store_id                  bigint not null references store (id),
    patient_fk                bigint not null references patient (id),
    study_instance_uid        varchar(64) not null,
    study_date                varchar(8),
    study_time                varchar(16),
    accession_number          varchar(16),
    study_id                  varchar(16),
    study_description         varchar(64),
    referring_physician_name  varchar(324),
    unique (store_id, study_instance_uid)
);
create index study_date_idx on study (store_id, study_date);
create index study_patient_idx on study (patient_fk);
create index study_accession_idx on study (store_id, accession_number);

create table series (
    id                   bigserial primary key,
    store_id             bigint not null references store (id),
    study_fk             bigint not null references study (id),
    series_instance_uid  varchar(64) not null,
    modality             varchar(16),
    series_number        integer,
    series_description   varchar(64),
    body_part_examined   varchar(16),
    series_date          varchar(8),
    series_time          varchar(16),
    -- DICOM, NIFTI, PNG or JPEG: what the data can be served as follows from it
    origin_format        varchar(8) not null,
    unique (store_id, series_instance_uid)
);
create index series_study_idx on series (study_fk);
create index series_modality_idx on series (store_id, modality);

create table instance (
    id                          bigserial primary key,
    store_id                    bigint not null references store (id),
    series_fk                   bigint not null references series (id),
    sop_instance_uid            varchar(64) not null,
    sop_class_uid               varchar(64) not null,
    instance_number             integer,
    source_transfer_syntax_uid  varchar(64) not null,
    rows                        integer,
    columns                     integer,
    number_of_frames            integer not null,
    photometric_interpretation  varchar(16),
    -- SHA-256 of the received data set (File Meta Information excluded): "the same instance" test
    content_sha256              char(64) not null,
    header_key                  varchar(400) not null,
    received_bytes              bigint not null,
    stored_bytes                bigint not null,
    created_at                  timestamptz not null default now(),
    unique (store_id, sop_instance_uid)
);
create index instance_series_idx on instance (series_fk);

create table frame (
    instance_fk   bigint not null references instance (id) on delete cascade,
    frame_number  integer not null,
    object_key    varchar(400) not null,
    -- HTJ2K, or DEFLATE for the lossless fallback (samples HTJ2K cannot hold)
    codec         varchar(8) not null,
    width         integer not null,
    height        integer not null,
    components    integer not null,
    bit_depth     integer not null,
    signed        boolean not null,
    levels        integer not null,
    -- level_ends[k+1] (SQL arrays count from 1) = length of the prefix that decodes level k; empty for DEFLATE
    level_ends    integer[] not null,
    byte_size     bigint not null,
    sha256        char(64) not null,
    primary key (instance_fk, frame_number)
);
