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
  // 2: the audit trail (issue 4). The head row is updated in every appending transaction, so nodes
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
]
