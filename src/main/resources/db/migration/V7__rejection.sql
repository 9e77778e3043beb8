-- Rejected instances (IOCM: a Key Object Selection whose title is a rejection note of PS3.16 CID 7011, received or
-- made by POST .../reject/{code}^{scheme}). A rejected instance is hidden from every query and retrieve and kept,
-- with its objects, until a delete or the retention period (mist.reject.retention) removes it.
alter table instance add column rejected_by varchar(64);  -- the note's title as code value^coding scheme
alter table instance add column rejected_at timestamptz;
-- What the queries count and test: the instances of a series that are not rejected, index-only.
create index instance_visible_series_idx on instance (series_fk) where rejected_by is null;
create index instance_rejected_at_idx on instance (rejected_at) where rejected_at is not null;
alter table change_log alter column action type varchar(16);
