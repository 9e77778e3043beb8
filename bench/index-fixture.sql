-- The index at hospital scale (bench/qido-scale.sh): 10,000 studies and about 1,000,000 instances written into
-- MIST's own schema (Flyway has made it), rows only, no objects: the QIDO-RS and C-FIND paths read nothing else.
-- Deterministic (setseed), so every run measures the same rows. Distributions:
--   patients   6,000, names FAMILY^GIVEN from 200 x 120 common names, birth dates 1930-2015;
--   studies    10,000 over 6,000 patients, dates 2005-2025, one modality each in these shares:
--              CT 20% (a scout of 1-3 images and 2 axial series of 60-240), MR 15% (6 series of 20-60),
--              CR/DX 45% (1-2 series of 1-2), MG 10% (4 series of 1), US 10% (1 series of 10-40);
--   instances  numbered from 1 in each series, with the sizes a compressed archive keeps.
\set ON_ERROR_STOP on
select setseed(0.42);

create temporary table family_name (n text);
insert into family_name select 'FAMILY' || lpad(i::text, 3, '0') || chr(65 + i % 26) || chr(65 + i * 7 % 26) from generate_series(1, 200) i;
create temporary table given_name (n text);
insert into given_name select 'GIVEN' || lpad(i::text, 3, '0') || chr(65 + i * 3 % 26) from generate_series(1, 120) i;

insert into patient (store_id, patient_id, patient_name, patient_birth_date, patient_sex)
select 1, 'SCALE' || lpad(i::text, 6, '0'),
       (select n from family_name offset (i * 37) % 200 limit 1) || '^' || (select n from given_name offset (i * 11) % 120 limit 1),
       to_char(date '1930-01-01' + (random() * 31000)::int, 'YYYYMMDD'), case when random() < 0.5 then 'F' else 'M' end
from generate_series(1, 6000) i;

create temporary table scale_patient as select id, row_number() over (order by id) as n from patient where patient_id like 'SCALE%';

create temporary table scale_study as
select i, (select id from scale_patient where n = 1 + (i * 7919) % 6000) as patient_fk,
       case when r < 0.20 then 'CT' when r < 0.35 then 'MR' when r < 0.80 then (case when i % 2 = 0 then 'CR' else 'DX' end)
            when r < 0.90 then 'MG' else 'US' end as modality,
       date '2005-01-01' + (random() * 7300)::int as day
from (select i, random() as r from generate_series(1, 10000) i) s;

insert into study (store_id, patient_fk, study_instance_uid, study_date, study_time, accession_number, study_id, study_description,
                   referring_physician_name)
select 1, patient_fk, '1.2.826.0.1.3680043.10.543.1.' || i, to_char(day, 'YYYYMMDD'),
       lpad((7 + i % 12)::text, 2, '0') || lpad((i * 13 % 60)::text, 2, '0') || lpad((i * 29 % 60)::text, 2, '0'),
       'ACC' || lpad(i::text, 8, '0'), i::text,
       case modality when 'CT' then 'CT CHEST ABDOMEN PELVIS' when 'MR' then 'MR BRAIN WITH CONTRAST'
                     when 'MG' then 'MG SCREENING BILATERAL' when 'US' then 'US ABDOMEN' else 'CHEST PA AND LATERAL' end,
       'REFERRER' || (i % 300) || '^DOCTOR'
from scale_study;

create temporary table scale_series as
select st.id as study_fk, s.modality, s.day, k as series_number, s.i * 100 + k as uid_suffix,
       case s.modality
           when 'CT' then case when k = 1 then 1 + (random() * 2)::int else 60 + (random() * 180)::int end
           when 'MR' then 20 + (random() * 40)::int
           when 'MG' then 1
           when 'US' then 10 + (random() * 30)::int
           else 1 + (random() * 1)::int end as instances
from scale_study s join study st on st.study_instance_uid = '1.2.826.0.1.3680043.10.543.1.' || s.i
cross join lateral generate_series(1, case s.modality when 'CT' then 3 when 'MR' then 6
                                                    when 'MG' then 4 when 'US' then 1 else 1 + (s.i % 2) end) k;

insert into series (store_id, study_fk, series_instance_uid, modality, series_number, series_description, body_part_examined,
                    series_date, series_time, origin_format)
select 1, study_fk, '1.2.826.0.1.3680043.10.543.2.' || uid_suffix, modality, series_number,
       modality || ' SERIES ' || series_number, case modality when 'MG' then 'BREAST' when 'MR' then 'HEAD' else 'CHEST' end,
       to_char(day, 'YYYYMMDD'), '120000', 'DICOM'
from scale_series;

insert into instance (store_id, series_fk, sop_instance_uid, sop_class_uid, instance_number, source_transfer_syntax_uid, rows,
                      columns, number_of_frames, photometric_interpretation, content_sha256, header_key, received_bytes,
                      stored_bytes)
select 1, se.id, '1.2.826.0.1.3680043.10.543.3.' || s.uid_suffix || '.' || n,
       case s.modality when 'CT' then '1.2.840.10008.5.1.4.1.1.2' when 'MR' then '1.2.840.10008.5.1.4.1.1.4'
                       when 'MG' then '1.2.840.10008.5.1.4.1.1.1.2' when 'US' then '1.2.840.10008.5.1.4.1.1.6.1'
                       else '1.2.840.10008.5.1.4.1.1.1' end,
       n, '1.2.840.10008.1.2.1',
       case s.modality when 'MG' then 4096 when 'CR' then 2140 when 'DX' then 2048 when 'US' then 600 else 512 end,
       case s.modality when 'MG' then 3328 when 'CR' then 1760 when 'DX' then 2048 when 'US' then 800 else 512 end,
       1, case s.modality when 'US' then 'RGB' else 'MONOCHROME2' end,
       md5(s.uid_suffix || '.' || n) || md5(n || '.' || s.uid_suffix),
       'default/scale/' || s.uid_suffix || '/' || n || '/header.dcm',
       case s.modality when 'MG' then 27000000 when 'CR' then 7500000 when 'DX' then 8400000 when 'US' then 1440000 else 530000 end,
       case s.modality when 'MG' then 9000000 when 'CR' then 3000000 when 'DX' then 3300000 when 'US' then 500000 else 170000 end
from scale_series s join series se on se.series_instance_uid = '1.2.826.0.1.3680043.10.543.2.' || s.uid_suffix
cross join lateral generate_series(1, s.instances) n;

-- What autovacuum does to insert-only tables (PostgreSQL 13 and later): the visibility map set, so counts
-- over the instance index read the index alone, as they do in an archive that has been running a while.
vacuum analyze;
select (select count(*) from patient) as patients, (select count(*) from study) as studies,
       (select count(*) from series) as series, (select count(*) from instance) as instances;
