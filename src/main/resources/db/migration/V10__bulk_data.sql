-- Large binary values kept as objects of their own beside the header (bulk/{path}): the paths of an instance's,
-- as its BulkDataURIs name them. The header keeps those attributes with empty values; readers put them back.
alter table instance add column bulk_data varchar(300)[] not null default '{}';
