-- Non-DICOM data (NIfTI, PNG, JPEG) keeps the name it arrived under, so an export can give it back.
alter table instance add column source_name varchar(1024);
create index instance_source_name_idx on instance (store_id, source_name) where source_name is not null;
