-- OHIF's study list at hospital scale (bench/qido-scale.sh over 10,000 studies and a million instances; the
-- plans PostgreSQL chose are in docs/plans/qido-scale.txt).
-- Newest studies first straight from an index: a page of 101 reads about 101 entries instead of sorting every
-- match. It also serves StudyDate ranges, so the index on (store_id, study_date) goes.
create index study_list_idx on study (store_id, study_date desc nulls last, study_time desc nulls last, id);
drop index study_date_idx;
-- PatientName=*x* is ILIKE '%x%': trigrams find the names without reading every patient. pg_trgm is a trusted
-- extension (PostgreSQL 13 and later): the database's owner may create it without being a superuser.
create extension if not exists pg_trgm;
create index patient_name_trgm_idx on patient using gin (patient_name gin_trgm_ops);
-- A study's series with what ModalitiesInStudy and the per-study counts test; it replaces (study_fk) alone.
create index series_study_modality_idx on series (study_fk, origin_format, modality);
drop index series_study_idx;
