-- The read-only boundary and the audit of every batch command. Flyway owns this schema; never edit
-- a landed migration.

-- stockpipe_reader may read the pipeline's tables and nothing more: no writes, no server files, no
-- programs, no signals to other sessions (it is a plain role, member of none of PostgreSQL's
-- pg_read_server_files, pg_write_server_files, pg_execute_server_program or pg_signal_backend).
-- `query --read-only` logs in as a member of it. Roles belong to the whole cluster, so a second
-- stockpipe database on the same server shares it; and a migrating user without CREATEROLE (an
-- external server run by someone else) leaves its creation to an administrator.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'stockpipe_reader') THEN
        BEGIN
            CREATE ROLE stockpipe_reader NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE
                NOREPLICATION NOBYPASSRLS;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'no privilege to create the role stockpipe_reader; an administrator must create it (CREATE ROLE stockpipe_reader NOLOGIN) and grant it SELECT';
        END;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'stockpipe_reader') THEN
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO stockpipe_reader', current_database());
        GRANT USAGE ON SCHEMA public TO stockpipe_reader;
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO stockpipe_reader;
        -- Tables that later migrations and feature-set partitions add are readable too.
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO stockpipe_reader;
        -- A runaway query of a reader cannot hold the server for long, even outside stockpipe.
        ALTER ROLE stockpipe_reader SET statement_timeout = '5min';
        ALTER ROLE stockpipe_reader SET default_transaction_read_only = on;
    END IF;
END
$$;

-- Every batch command but ingest (which has ingest_run) is a row here. The command holds an
-- advisory lock (namespace 0x53544b57, key id) on its own connection while it runs; a row still
-- 'running' whose lock is free belongs to a process that died, and the next command marks it
-- 'aborted'.
CREATE TABLE command_run (
    id           bigserial   PRIMARY KEY,
    command      text        NOT NULL,
    arguments    text        NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    status       text        NOT NULL DEFAULT 'running'
                 CHECK (status IN ('running', 'succeeded', 'failed', 'aborted')),
    message      text,
    host         text,
    pid          bigint
);
CREATE INDEX command_run_running ON command_run (id) WHERE status = 'running';
COMMENT ON TABLE command_run IS 'One row per batch command (features, baseline, train, evaluate, predict): what ran, where, how it ended.';
COMMENT ON COLUMN command_run.status IS 'running; succeeded; failed (message says why); aborted (the process died before finishing).';
