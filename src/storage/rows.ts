/**
 * Rows as both adapters' schemas hold them (same column names), and their mapping to records.
 * Numbers go through Number(): PostgreSQL's BIGINT arrives as a string, SQLite's INTEGER as a number.
 */
import type { AliasRecord, KeyRecord, MaterialRecord } from '../kms/records.js'

export interface MaterialRow { key_id: string; material_id: string; sealed: Buffer; created_at: number | string; rotation_type: string | null }
export interface AliasRow { account_id: string; region: string; alias_name: string; target_key_id: string; created_at: number | string; updated_at: number | string }

export const parseKey = (json: string): KeyRecord => JSON.parse(json) as KeyRecord

export const toMaterial = (r: MaterialRow): MaterialRecord => ({
  keyId: r.key_id,
  materialId: r.material_id,
  sealed: r.sealed,
  createdAt: Number(r.created_at),
  ...(r.rotation_type ? { rotationType: r.rotation_type as MaterialRecord['rotationType'] } : {}),
})

export const toAlias = (r: AliasRow): AliasRecord => ({
  accountId: r.account_id,
  region: r.region,
  aliasName: r.alias_name,
  targetKeyId: r.target_key_id,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
})
