-- Makes FerretDB's indexes usable by the queries FerretDB sends (docs/database.md,
-- "Performance of the embedded database").
--
-- FerretDB v1 stores a document as one JSONB value and indexes a field with a btree on
-- (_jsonb -> 'field'), but filters with (_jsonb -> 'field') @> 'value', which a btree cannot
-- serve: every read scanned the collection. A GIN index (jsonb_path_ops) on the same
-- expression serves @>. This trigger gives each index FerretDB creates such a twin on its
-- leading field, whatever database or collection it belongs to; the block at the end
-- gives one to the indexes that already exist. The planner matches the twin only when
-- FerretDB's parameters are planned as constants: postgres.mjs sets plan_cache_mode.
-- Run at every start of the cluster; each statement is idempotent.

CREATE OR REPLACE FUNCTION tasklane_gin_twin(index_oid oid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  first_key text;
  twin text;
  tbl oid;
BEGIN
  SELECT i.indrelid, pg_get_indexdef(i.indexrelid, 1, true)
    INTO tbl, first_key
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am am ON am.oid = c.relam
   WHERE i.indexrelid = index_oid AND am.amname = 'btree';
  -- Only FerretDB's own indexes: a btree whose first_key key is a top-level field of _jsonb.
  IF first_key IS NULL OR first_key !~ '^\(?_jsonb -> ''[^'']+''::text\)?$' THEN
    RETURN;
  END IF;
  twin := 'tl_gin_' || md5(index_oid::regclass::text);
  EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((%s) jsonb_path_ops)',
                 twin, tbl::regclass, first_key);
END;
$$;

CREATE OR REPLACE FUNCTION tasklane_on_create_index() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  created record;
BEGIN
  FOR created IN SELECT objid FROM pg_event_trigger_ddl_commands()
                  WHERE command_tag = 'CREATE INDEX' AND object_type = 'index' LOOP
    PERFORM tasklane_gin_twin(created.objid);
  END LOOP;
END;
$$;

DROP EVENT TRIGGER IF EXISTS tasklane_gin_twins;
CREATE EVENT TRIGGER tasklane_gin_twins ON ddl_command_end
  WHEN TAG IN ('CREATE INDEX') EXECUTE FUNCTION tasklane_on_create_index();

DO $$
DECLARE
  existing record;
BEGIN
  FOR existing IN SELECT i.indexrelid FROM pg_index i JOIN pg_attribute a
                      ON a.attrelid = i.indrelid AND a.attname = '_jsonb' LOOP
    PERFORM tasklane_gin_twin(existing.indexrelid);
  END LOOP;
END;
$$;
