SET client_min_messages = warning;
-- FerretDB 1.24 (PostgreSQL backend) filters top-level equality with `_jsonb->'field' @> value`,
-- which its own B-tree indexes on (_jsonb->'field') cannot serve: every findOne/updateOne by _id
-- scanned the table (17 ms at 20,000 documents). A GIN index on the same expression serves `@>`
-- (0.05 ms). This event trigger adds one on `_id` to every table FerretDB creates, and on the
-- fields the application filters by to the tables that need them. Measured in docs/decisions/0012
-- and 0016.
CREATE OR REPLACE FUNCTION cw_gin_fields(tbl text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    -- The operators' duplicate hints are found by their key (services/intake/src/persistence/duplicate-hints.ts).
    WHEN tbl LIKE 'duplicate\_hints\_%' THEN ARRAY['_id', 'k']
    -- The consoles' lists: by queue, district, assignee (gateway queues.routes.ts, cases.routes.ts);
    -- by case number (Open311 requests/{id}, gateway open311/open311.routes.ts).
    WHEN tbl LIKE 'cases\_%' THEN ARRAY['_id', 'queue', 'district', 'assignee', 'caseNo']
    -- A case's history (gateway cases.routes.ts `/:caseId/history`).
    WHEN tbl LIKE 'case\_events\_%' THEN ARRAY['_id', 'caseId']
    -- The audit trail by case and by user (gateway audit/audit.routes.ts).
    WHEN tbl LIKE 'audit\_log\_%' THEN ARRAY['_id', 'caseId', 'actorId']
    ELSE ARRAY['_id']
  END
$$;

CREATE OR REPLACE FUNCTION cw_add_gin(rel regclass) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  f text;
  tbl text := (SELECT relname FROM pg_class WHERE oid = rel);
  base text := left(replace(rel::text, '.', '_'), 50);
BEGIN
  FOREACH f IN ARRAY cw_gin_fields(tbl) LOOP
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((_jsonb->%L) jsonb_path_ops) WITH (fastupdate = off)',
                   base || '_' || replace(f, '_', '') || '_gin', rel, f);
  END LOOP;
END $$;

CREATE OR REPLACE FUNCTION cw_ferretdb_id_gin() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE
  obj record;
BEGIN
  FOR obj IN SELECT * FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE TABLE' LOOP
    IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = obj.objid AND attname = '_jsonb' AND NOT attisdropped) THEN
      PERFORM cw_add_gin(obj.objid::regclass);
    END IF;
  END LOOP;
END $$;
DROP EVENT TRIGGER IF EXISTS cw_ferretdb_id_gin;
CREATE EVENT TRIGGER cw_ferretdb_id_gin ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION cw_ferretdb_id_gin();

-- Tables created before this version of the trigger get the indexes they lack now.
DO $$
DECLARE
  r record;
BEGIN
  FOR r IN SELECT c.oid FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = '_jsonb' AND NOT a.attisdropped
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') LOOP
    PERFORM cw_add_gin(r.oid::regclass);
  END LOOP;
END $$;
