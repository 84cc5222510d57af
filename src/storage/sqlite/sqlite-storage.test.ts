import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { storageConformance } from '../conformance.js'
import { SqliteStorage } from './sqlite-storage.js'

storageConformance('sqlite', async () => new SqliteStorage(join(mkdtempSync(join(tmpdir(), 'trent-sqlite-')), 'trent.db')))
