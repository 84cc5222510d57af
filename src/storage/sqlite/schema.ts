/** Versioned schema of the embedded SQLite store; each migration runs once, in order, in a transaction. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE keys (
     key_id TEXT PRIMARY KEY,
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     revision INTEGER NOT NULL,
     deletion_date INTEGER,
     next_rotation_at INTEGER,
     record TEXT NOT NULL
   ) STRICT;
   CREATE INDEX keys_by_account ON keys (account_id, region, key_id);
   CREATE INDEX keys_by_deletion ON keys (deletion_date) WHERE deletion_date IS NOT NULL;
   CREATE INDEX keys_by_rotation ON keys (next_rotation_at) WHERE next_rotation_at IS NOT NULL;
   CREATE TABLE materials (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     key_id TEXT NOT NULL REFERENCES keys (key_id) ON DELETE CASCADE,
     material_id TEXT NOT NULL,
     sealed BLOB NOT NULL,
     created_at INTEGER NOT NULL,
     rotation_type TEXT,
     UNIQUE (key_id, material_id)
   ) STRICT;
   CREATE TABLE aliases (
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     alias_name TEXT NOT NULL,
     target_key_id TEXT NOT NULL REFERENCES keys (key_id) ON DELETE CASCADE,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     PRIMARY KEY (account_id, region, alias_name)
   ) STRICT;
   CREATE INDEX aliases_by_target ON aliases (target_key_id);
   CREATE TABLE settings (name TEXT PRIMARY KEY, value BLOB NOT NULL) STRICT;`,
  // 2: imported key material (BYOK). sealed becomes nullable (deleted imported material keeps its row so
  // the same material can be imported again); SQLite cannot drop NOT NULL, so the table is rebuilt.
  `CREATE TABLE materials_v2 (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     key_id TEXT NOT NULL REFERENCES keys (key_id) ON DELETE CASCADE,
     material_id TEXT NOT NULL,
     sealed BLOB,
     created_at INTEGER NOT NULL,
     rotation_type TEXT,
     rotated_at INTEGER,
     imported TEXT,
     expires_at INTEGER,
     UNIQUE (key_id, material_id)
   ) STRICT;
   INSERT INTO materials_v2 (seq, key_id, material_id, sealed, created_at, rotation_type)
     SELECT seq, key_id, material_id, sealed, created_at, rotation_type FROM materials;
   DROP TABLE materials;
   ALTER TABLE materials_v2 RENAME TO materials;
   CREATE INDEX materials_by_expiry ON materials (expires_at) WHERE expires_at IS NOT NULL;
   CREATE TABLE import_parameters (
     token_id TEXT PRIMARY KEY,
     key_id TEXT NOT NULL REFERENCES keys (key_id) ON DELETE CASCADE,
     wrapping_algorithm TEXT NOT NULL,
     wrapping_key_spec TEXT NOT NULL,
     sealed_private_key BLOB NOT NULL,
     expires_at INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX import_parameters_by_expiry ON import_parameters (expires_at);`,
  // 3: grants. The record is JSON; the columns are what ListGrants / ListRetirableGrants filter on.
  `CREATE TABLE grants (
     key_id TEXT NOT NULL REFERENCES keys (key_id) ON DELETE CASCADE,
     grant_id TEXT NOT NULL,
     account_id TEXT NOT NULL,
     region TEXT NOT NULL,
     name TEXT,
     grantee_principal TEXT NOT NULL,
     retiring_principal TEXT,
     record TEXT NOT NULL,
     PRIMARY KEY (key_id, grant_id)
   ) STRICT;
   CREATE UNIQUE INDEX grants_by_id ON grants (grant_id);
   CREATE INDEX grants_by_retiring ON grants (account_id, region, retiring_principal, key_id, grant_id) WHERE retiring_principal IS NOT NULL;`,
  // 4: principals (accounts, IAM users, roles, groups, access keys, inline policies, STS sessions). One
  // table of JSON records keyed by (account, kind, name): IAM's entities are small and read by name.
  `CREATE TABLE iam_entities (
     account_id TEXT NOT NULL,
     kind TEXT NOT NULL,
     name TEXT NOT NULL,
     owner TEXT NOT NULL,
     record TEXT NOT NULL,
     sealed BLOB,
     purge_at INTEGER,
     PRIMARY KEY (account_id, kind, name)
   ) STRICT;
   CREATE INDEX iam_entities_by_name ON iam_entities (kind, name);
   CREATE INDEX iam_entities_by_owner ON iam_entities (account_id, kind, owner, name);
   CREATE INDEX iam_entities_by_purge ON iam_entities (purge_at) WHERE purge_at IS NOT NULL;`,
  // 5: the audit trail (issue 4; built beside 2, 3 and 4, so appended after them). The head row is updated in every appending transaction, so nodes
  // sharing a database serialize on it and the chain stays linear.
  `CREATE TABLE audit_records (
     seq INTEGER PRIMARY KEY,
     event_id TEXT NOT NULL,
     event_time INTEGER NOT NULL,
     event_name TEXT NOT NULL,
     event_source TEXT NOT NULL,
     username TEXT,
     access_key_id TEXT,
     resource_name TEXT,
     resource_type TEXT,
     read_only TEXT NOT NULL,
     error_code TEXT,
     request_id TEXT,
     record TEXT NOT NULL,
     prev_hash TEXT NOT NULL,
     hash TEXT NOT NULL
   ) STRICT;
   -- One secondary index only (GetKeyLastUsage, LookupEvents by key): each index costs every call's insert.
   -- Other LookupEvents filters scan from the newest record down.
   CREATE INDEX audit_by_resource ON audit_records (resource_name, seq);
   CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER NOT NULL, hash TEXT NOT NULL) STRICT;
   CREATE TABLE audit_digests (
     seq INTEGER PRIMARY KEY,
     created_at INTEGER NOT NULL,
     head_seq INTEGER NOT NULL,
     head_hash TEXT NOT NULL,
     previous_signature TEXT,
     key_fingerprint TEXT NOT NULL,
     signature TEXT NOT NULL
   ) STRICT;`,
  // 6: the account whose trail holds each record, so LookupEvents shows a caller only its own account's
  // events (audit-sql.ts). Records written before it carry the node's default account as
  // recipientAccountId whoever called, so the backfill prefers the authenticated caller's account.
  // (account_id, seq) serves the newest-first scan of one account; resource lookups keep audit_by_resource.
  `ALTER TABLE audit_records ADD COLUMN account_id TEXT;
   UPDATE audit_records SET account_id = COALESCE(json_extract(record, '$.userIdentity.accountId'), json_extract(record, '$.recipientAccountId'));
   CREATE INDEX audit_by_account ON audit_records (account_id, seq);`,
]
