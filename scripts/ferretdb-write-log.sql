-- Test runs only (scripts/test.ts): records every document FerretDB writes, so that each can be
-- checked against the contract's $jsonSchema validators, which MongoDB enforces and FerretDB
-- ignores (tests/support/contract-check.ts). Recorded in PostgreSQL under FerretDB, so no write
-- path escapes: the ORM, raw driver calls, scripts and the servers the tests start alike.
-- FerretDB v1 keeps a collection in one table of the database's schema, a document in its
-- _jsonb column with each field's BSON type beside it ("$s"); an update rewrites the row, so
-- the whole document after it is what is recorded, as MongoDB's validationLevel "strict" checks.
-- Run at every start of a test cluster; each statement is idempotent.

CREATE TABLE IF NOT EXISTS public.tasklane_writes (
  id bigserial PRIMARY KEY,
  db text NOT NULL,
  tbl text NOT NULL,
  op text NOT NULL,
  doc jsonb NOT NULL
);

CREATE OR REPLACE FUNCTION public.tasklane_record_write() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO public.tasklane_writes (db, tbl, op, doc) VALUES (TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP, NEW._jsonb);
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION public.tasklane_on_create_table() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  created record;
BEGIN
  FOR created IN SELECT objid, schema_name FROM pg_event_trigger_ddl_commands()
                  WHERE command_tag = 'CREATE TABLE' AND object_type = 'table' AND schema_name <> 'public' LOOP
    IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = created.objid AND attname = '_jsonb')
       AND (SELECT relname FROM pg_class WHERE oid = created.objid) <> '_ferretdb_database_metadata' THEN
      EXECUTE format('CREATE TRIGGER tasklane_record_write AFTER INSERT OR UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION public.tasklane_record_write()',
                     created.objid::regclass);
    END IF;
  END LOOP;
END;
$$;

DROP EVENT TRIGGER IF EXISTS tasklane_write_log;
CREATE EVENT TRIGGER tasklane_write_log ON ddl_command_end
  WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION public.tasklane_on_create_table();
