/**
 * The ARN an IAM action is authorized on. It is the stored entity's ARN (with its path, and its name as
 * created), found as every lookup finds it, case-insensitively: an ARN built from the request's name
 * as typed would let `UserName=ADMIN` slip past a Deny on `user/admin`, and never match `user/ops/*`.
 */
import { getEntity } from '../../iam/entities.js'
import { groupArn, nameKey, roleArn, userArn } from '../../iam/records.js'
import type { ActionCall } from './action.js'

export type IamEntityOwner = 'user' | 'role' | 'group'

const ARN_OF: Record<IamEntityOwner, (accountId: string, path: string, name: string) => string> = { user: userArn, role: roleArn, group: groupArn }

/** The stored entity's ARN; for one that does not exist (the action will answer NoSuchEntity), the ARN with path `/`. */
export async function storedArn(c: ActionCall, kind: IamEntityOwner, name: string): Promise<string> {
  const entity = await getEntity<{ arn: string }>(c.ctx.store.read, c.accountId, kind, nameKey(name))
  return entity?.arn ?? ARN_OF[kind](c.accountId, '/', name)
}

/** The ARN a Create* action will give the entity: its validated path and name. */
export const createdArn = (c: ActionCall, kind: IamEntityOwner, name: string): string => ARN_OF[kind](c.accountId, c.params.path() ?? '/', name)
