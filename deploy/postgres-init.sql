-- The portal's database is created by POSTGRES_DB; the social-security data store gets its own.
CREATE DATABASE trocap_social_security;
