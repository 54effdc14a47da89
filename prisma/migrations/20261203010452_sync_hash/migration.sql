-- AlterTable
ALTER TABLE "virtual_machine" ADD COLUMN     "sync_hash" TEXT;

-- AlterTable
ALTER TABLE "replication" ADD COLUMN     "sync_hash" TEXT;


-- The sync skips a row whose sync_hash equals the digest of what Proxmox says now (issue 11: an
-- unchanged 100,000-job sync must not ship every row to PostgreSQL). Any other writer of a synced
-- column (the REST/UI writes, marking stale, ON DELETE SET NULL of a link) leaves sync_hash as it
-- was, so these triggers clear it then: the next sync compares that row column by column again.
CREATE FUNCTION "replication_sync_hash_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.sync_hash IS NOT DISTINCT FROM OLD.sync_hash AND
     (NEW.virtual_machine_id, NEW.proxmox_node_id, NEW.replication_id, NEW.guest, NEW.jobnum, NEW.target,
      NEW.job_type, NEW.schedule, NEW.rate, NEW.disable, NEW.comment, NEW.remove_job, NEW.source, NEW.status,
      NEW.stale_since, NEW.raw_config)
     IS DISTINCT FROM
     (OLD.virtual_machine_id, OLD.proxmox_node_id, OLD.replication_id, OLD.guest, OLD.jobnum, OLD.target,
      OLD.job_type, OLD.schedule, OLD.rate, OLD.disable, OLD.comment, OLD.remove_job, OLD.source, OLD.status,
      OLD.stale_since, OLD.raw_config)
  THEN
    NEW.sync_hash := NULL;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "replication_sync_hash_guard" BEFORE UPDATE ON "replication"
  FOR EACH ROW EXECUTE FUNCTION "replication_sync_hash_guard"();

CREATE FUNCTION "virtual_machine_sync_hash_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.sync_hash IS NOT DISTINCT FROM OLD.sync_hash AND
     (NEW.vmid, NEW.name, NEW.type, NEW.node_name, NEW.node_id, NEW.status, NEW.template, NEW.tags, NEW.pool, NEW.raw)
     IS DISTINCT FROM
     (OLD.vmid, OLD.name, OLD.type, OLD.node_name, OLD.node_id, OLD.status, OLD.template, OLD.tags, OLD.pool, OLD.raw)
  THEN
    NEW.sync_hash := NULL;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER "virtual_machine_sync_hash_guard" BEFORE UPDATE ON "virtual_machine"
  FOR EACH ROW EXECUTE FUNCTION "virtual_machine_sync_hash_guard"();
