/**
 * Rows as both adapters' schemas hold them (same column names), and their mapping to records.
 * Numbers go through Number(): PostgreSQL's BIGINT arrives as a string, SQLite's INTEGER as a number.
 */
import type { AliasRecord, GrantRecord, ImportParametersRecord, ImportedMaterial, KeyRecord, MaterialRecord } from '../kms/records.js'

export interface MaterialRow {
  key_id: string; material_id: string; sealed: Buffer | null; created_at: number | string; rotation_type: string | null
  rotated_at: number | string | null; imported: string | null
}
export interface ImportParametersRow {
  token_id: string; key_id: string; wrapping_algorithm: string; wrapping_key_spec: string; sealed_private_key: Buffer; expires_at: number | string
}
export interface AliasRow { account_id: string; region: string; alias_name: string; target_key_id: string; created_at: number | string; updated_at: number | string }

export const parseKey = (json: string): KeyRecord => JSON.parse(json) as KeyRecord

export const toMaterial = (r: MaterialRow): MaterialRecord => ({
  keyId: r.key_id,
  materialId: r.material_id,
  sealed: r.sealed,
  createdAt: Number(r.created_at),
  ...(r.rotation_type ? { rotationType: r.rotation_type as MaterialRecord['rotationType'] } : {}),
  ...(r.rotated_at !== null ? { rotatedAt: Number(r.rotated_at) } : {}),
  ...(r.imported !== null ? { imported: JSON.parse(r.imported) as ImportedMaterial } : {}),
})

/** sealed, rotation_type, rotated_at, imported, expires_at; expires_at is set only while expiring material is held. */
export function materialColumns(m: MaterialRecord): [Buffer | null, string | null, number | null, string | null, number | null] {
  const expiresAt = m.sealed !== null ? m.imported?.validTo ?? null : null
  return [m.sealed, m.rotationType ?? null, m.rotatedAt ?? null, m.imported ? JSON.stringify(m.imported) : null, expiresAt]
}

export const toImportParameters = (r: ImportParametersRow): ImportParametersRecord => ({
  tokenId: r.token_id,
  keyId: r.key_id,
  wrappingAlgorithm: r.wrapping_algorithm as ImportParametersRecord['wrappingAlgorithm'],
  wrappingKeySpec: r.wrapping_key_spec as ImportParametersRecord['wrappingKeySpec'],
  sealedPrivateKey: r.sealed_private_key,
  expiresAt: Number(r.expires_at),
})

export const toAlias = (r: AliasRow): AliasRecord => ({
  accountId: r.account_id,
  region: r.region,
  aliasName: r.alias_name,
  targetKeyId: r.target_key_id,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
})

/** Grants are stored as their JSON record plus the columns queries filter on (key, ids, principals, name). */
export const parseGrant = (json: string): GrantRecord => JSON.parse(json) as GrantRecord

/** key_id, grant_id, account_id, region, name, grantee_principal, retiring_principal, record, in that order. */
export function grantColumns(g: GrantRecord): [string, string, string, string, string | null, string, string | null, string] {
  return [g.keyId, g.grantId, g.accountId, g.region, g.name ?? null, g.granteePrincipal, g.retiringPrincipal ?? null, JSON.stringify(g)]
}
