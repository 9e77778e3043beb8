-- SHA-256 of the frame's decoded source samples (archive/SampleDigest), so that `mist eval` checks the lossless
-- round trip without the source file. Null for frames stored before it was recorded.
alter table frame add column samples_sha256 char(64);
