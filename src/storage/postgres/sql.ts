/**
 * Every SQL statement of the PostgreSQL adapter, in one place. Keys are stored as their JSON record
 * plus the columns the queries filter on (storage/key-columns.ts), exactly as in the SQLite adapter.
 */
export const SQL = {
  getKey: 'SELECT record FROM keys WHERE key_id = $1',
  /** Inside a transaction: the row stays locked against other writers until it ends. */
  getKeyForUpdate: 'SELECT record FROM keys WHERE key_id = $1 FOR UPDATE',
  listKeys: 'SELECT record FROM keys WHERE account_id = $1 AND region = $2 AND key_id > $3 ORDER BY key_id LIMIT $4',
  materials: `SELECT key_id, material_id, sealed, created_at, rotation_type, rotated_at, imported
    FROM materials WHERE key_id = $1 ORDER BY seq`,
  dueExpiry: `SELECT key_id, material_id, sealed, created_at, rotation_type, rotated_at, imported
    FROM materials WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2`,
  getImportParameters: 'SELECT * FROM import_parameters WHERE token_id = $1',
  getAlias: 'SELECT * FROM aliases WHERE account_id = $1 AND region = $2 AND alias_name = $3',
  listAliases: 'SELECT * FROM aliases WHERE account_id = $1 AND region = $2 AND alias_name > $3 ORDER BY alias_name LIMIT $4',
  listAliasesOfKey: 'SELECT * FROM aliases WHERE account_id = $1 AND region = $2 AND target_key_id = $3 AND alias_name > $4 ORDER BY alias_name LIMIT $5',
  dueDeletion: 'SELECT record FROM keys WHERE deletion_date <= $1 ORDER BY deletion_date LIMIT $2',
  dueRotation: 'SELECT record FROM keys WHERE next_rotation_at <= $1 ORDER BY next_rotation_at LIMIT $2',
  getSetting: 'SELECT value FROM settings WHERE name = $1',
  getGrant: 'SELECT record FROM grants WHERE key_id = $1 AND grant_id = $2',
  listGrants: `SELECT record FROM grants WHERE key_id = $1 AND ($2::text IS NULL OR grantee_principal = $2)
    AND ($3::text IS NULL OR name = $3) AND grant_id > $4 ORDER BY grant_id LIMIT $5`,
  listRetirableGrants: `SELECT record FROM grants WHERE account_id = $1 AND region = $2 AND retiring_principal = $3
    AND (key_id, grant_id) > ($4, $5) ORDER BY key_id, grant_id LIMIT $6`,
  countGrants: 'SELECT count(*) AS n FROM grants WHERE key_id = $1',

  insertKey: `INSERT INTO keys (key_id, account_id, region, revision, deletion_date, next_rotation_at, record)
    VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
  updateKey: 'UPDATE keys SET revision = $1, deletion_date = $2, next_rotation_at = $3, record = $4 WHERE key_id = $5 AND revision = $6',
  deleteKey: 'DELETE FROM keys WHERE key_id = $1',
  addMaterial: `INSERT INTO materials (key_id, material_id, sealed, created_at, rotation_type, rotated_at, imported, expires_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
  updateMaterial: `UPDATE materials SET sealed = $1, rotation_type = $2, rotated_at = $3, imported = $4, expires_at = $5
    WHERE key_id = $6 AND material_id = $7`,
  putImportParameters: `INSERT INTO import_parameters (token_id, key_id, wrapping_algorithm, wrapping_key_spec, sealed_private_key, expires_at)
    VALUES ($1, $2, $3, $4, $5, $6)`,
  deleteImportParameters: 'DELETE FROM import_parameters WHERE token_id = $1',
  deleteExpiredImportParameters: 'DELETE FROM import_parameters WHERE expires_at <= $1',
  addGrant: `INSERT INTO grants (key_id, grant_id, account_id, region, name, grantee_principal, retiring_principal, record)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
  deleteGrant: 'DELETE FROM grants WHERE key_id = $1 AND grant_id = $2',
  putAlias: `INSERT INTO aliases (account_id, region, alias_name, target_key_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (account_id, region, alias_name) DO UPDATE SET target_key_id = excluded.target_key_id, updated_at = excluded.updated_at`,
  deleteAlias: 'DELETE FROM aliases WHERE account_id = $1 AND region = $2 AND alias_name = $3',
  putSetting: 'INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
  addSetting: 'INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',

  getIamEntity: 'SELECT * FROM iam_entities WHERE account_id = $1 AND kind = $2 AND name = $3',
  lockIamEntity: 'SELECT * FROM iam_entities WHERE account_id = $1 AND kind = $2 AND name = $3 FOR UPDATE',
  findIamEntity: 'SELECT * FROM iam_entities WHERE kind = $1 AND name = $2 ORDER BY account_id LIMIT 1',
  listIamEntities: 'SELECT * FROM iam_entities WHERE account_id = $1 AND kind = $2 ORDER BY name',
  listIamEntitiesOfOwner: 'SELECT * FROM iam_entities WHERE account_id = $1 AND kind = $2 AND owner = $3 ORDER BY name',
  putIamEntity: `INSERT INTO iam_entities (account_id, kind, name, owner, record, sealed, purge_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
    ON CONFLICT (account_id, kind, name) DO UPDATE SET owner = excluded.owner, record = excluded.record, sealed = excluded.sealed, purge_at = excluded.purge_at`,
  insertIamEntity: `INSERT INTO iam_entities (account_id, kind, name, owner, record, sealed, purge_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
    ON CONFLICT (account_id, kind, name) DO NOTHING`,
  purgeIamEntities: 'DELETE FROM iam_entities WHERE purge_at <= $1',
  deleteIamEntity: 'DELETE FROM iam_entities WHERE account_id = $1 AND kind = $2 AND name = $3',

  notify: 'SELECT pg_notify($1, $2)',
  tryLease: 'SELECT pg_try_advisory_lock(hashtext($1)) AS held',
  releaseLease: 'SELECT pg_advisory_unlock(hashtext($1))',
  migrationLock: 'SELECT pg_advisory_xact_lock(hashtext($1))',
} as const
