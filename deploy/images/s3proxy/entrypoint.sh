#!/bin/sh
# S3Proxy on :8080 with one access key (S3_ACCESS_KEY / S3_SECRET_KEY), objects as files under /data.
set -eu
cat > /tmp/s3proxy.conf <<CONF
s3proxy.endpoint=http://0.0.0.0:8080
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=${S3_ACCESS_KEY:?S3_ACCESS_KEY must be set}
s3proxy.credential=${S3_SECRET_KEY:?S3_SECRET_KEY must be set}
jclouds.provider=filesystem
jclouds.filesystem.basedir=/data
CONF
exec java -jar /opt/s3proxy.jar --properties /tmp/s3proxy.conf
