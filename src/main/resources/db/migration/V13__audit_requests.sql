-- A viewer reads thousands of frames a second: successful frame reads of one caller, source and series within a
-- second are one record of how many requests they were (as ATNA's DICOM Instances Transferred is one message per
-- transfer, not per object). Every other record stands for one request.
alter table audit_event add column requests integer not null default 1;
