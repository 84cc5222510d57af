/** IAM user and access key actions. */
import { createAccessKey, deleteAccessKey, listAccessKeys, updateAccessKey } from '../../iam/access-keys.js'
import { ValidationError } from '../../iam/errors.js'
import { isoSeconds } from './xml.js'
import { createUser, deleteUser, listUsers, requireUser, tagUser } from '../../iam/users.js'
import type { ActionCall, QueryAction } from './action.js'
import { accessKeyShape, userShape } from './shapes.js'

import { createdArn, storedArn } from './resource-arn.js'

/** UserName may be left out by an IAM user acting on itself, as in AWS; others must name one. */
function targetUser(c: ActionCall): string {
  const given = c.params.opt('UserName')
  if (given !== undefined) return c.params.name('UserName')
  if (c.caller.type === 'IAMUser' && c.caller.userName !== undefined) return c.caller.userName
  throw new ValidationError('Must specify userName when calling with non-User credentials')
}

const onUser: Pick<QueryAction, 'resource'> = { resource: (c) => storedArn(c, 'user', targetUser(c)) }

export const USER_ACTIONS: Record<string, QueryAction> = {
  CreateUser: {
    resource: (c) => createdArn(c, 'user', c.params.name('UserName')),
    run: async (c) => ({ User: userShape(await createUser(c.ctx, c.audit, c.accountId, c.params.name('UserName'), c.params.path(), c.params.tags()), true) }),
  },
  GetUser: {
    ...onUser,
    run: async (c) => ({ User: userShape(await requireUser(c.ctx.store.read, c.accountId, targetUser(c)), true) }),
  },
  ListUsers: {
    resource: (c) => `arn:aws:iam::${c.accountId}:user/`,
    run: async (c) => ({ Users: (await listUsers(c.ctx, c.accountId, c.params.opt('PathPrefix'))).map((u) => userShape(u)), IsTruncated: false }),
  },
  DeleteUser: { ...onUser, run: async (c) => { await deleteUser(c.ctx, c.audit, c.accountId, targetUser(c)); return undefined } },
  TagUser: { ...onUser, run: async (c) => { await tagUser(c.ctx, c.audit, c.accountId, targetUser(c), c.params.tags()); return undefined } },
  CreateAccessKey: {
    ...onUser,
    run: async (c) => {
      const { record, secretAccessKey } = await createAccessKey(c.ctx, c.audit, c.accountId, targetUser(c))
      return { AccessKey: { UserName: record.userName, AccessKeyId: record.accessKeyId, Status: record.status, SecretAccessKey: secretAccessKey, CreateDate: isoSeconds(record.createdAt) } }
    },
  },
  ListAccessKeys: {
    ...onUser,
    run: async (c) => ({ AccessKeyMetadata: (await listAccessKeys(c.ctx, c.accountId, targetUser(c))).map(accessKeyShape), IsTruncated: false }),
  },
  UpdateAccessKey: {
    ...onUser,
    run: async (c) => {
      const status = c.params.req('Status')
      if (status !== 'Active' && status !== 'Inactive') {
        throw new ValidationError(`1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`)
      }
      await updateAccessKey(c.ctx, c.audit, c.accountId, targetUser(c), c.params.req('AccessKeyId'), status)
      return undefined
    },
  },
  DeleteAccessKey: { ...onUser, run: async (c) => { await deleteAccessKey(c.ctx, c.audit, c.accountId, targetUser(c), c.params.req('AccessKeyId')); return undefined } },
}
