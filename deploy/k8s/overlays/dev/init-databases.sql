-- Run once by the postgres image when it initializes an empty volume (docker-entrypoint-initdb.d).
-- Each service owns its database (README.md, Architecture).
CREATE DATABASE headroom_quota;
CREATE DATABASE headroom_notification;
CREATE DATABASE headroom_distribution;
