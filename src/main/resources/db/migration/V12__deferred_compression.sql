-- Deferred compression: frames acknowledged as received (codec RAW) until a transcoder swaps in their HTJ2K copy.
-- The transcoders look for them and count them; this index holds exactly them, so it stays as small as the backlog.
create index frame_raw_idx on frame (instance_fk) where codec = 'RAW';
