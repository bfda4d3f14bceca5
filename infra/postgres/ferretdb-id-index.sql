-- FerretDB 1.24 (PostgreSQL backend) looks documents up with `_jsonb->$1 @> $2`, which its own
-- B-tree index on (_jsonb->'_id') cannot serve: every findOne/updateOne by _id scanned the table
-- (17 ms at 20,000 documents). A GIN index on the same expression serves `@>` (0.05 ms). This
-- event trigger adds it to every table FerretDB creates (and one on `k` to the duplicate hints). Measured in docs/decisions/0012.
CREATE OR REPLACE FUNCTION cw_ferretdb_id_gin() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE
  obj record;
BEGIN
  FOR obj IN SELECT * FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE TABLE' LOOP
    IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = obj.objid AND attname = '_jsonb' AND NOT attisdropped) THEN
      EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((_jsonb->''_id'') jsonb_path_ops) WITH (fastupdate = off)',
                     left(replace(obj.object_identity, '.', '_'), 50) || '_id_gin', obj.object_identity);
      -- Equality look-ups on other fields need the same kind of index: the operators' duplicate
      -- hints are found by their key `k` (services/intake/src/persistence/duplicate-hints.ts).
      IF (SELECT relname FROM pg_class WHERE oid = obj.objid) LIKE 'duplicate\_hints\_%' THEN
        EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((_jsonb->''k'') jsonb_path_ops) WITH (fastupdate = off)',
                       left(replace(obj.object_identity, '.', '_'), 50) || '_k_gin', obj.object_identity);
      END IF;
    END IF;
  END LOOP;
END $$;
DROP EVENT TRIGGER IF EXISTS cw_ferretdb_id_gin;
CREATE EVENT TRIGGER cw_ferretdb_id_gin ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION cw_ferretdb_id_gin();
