/** One Query protocol action: the resource it acts on (for authorization) and what it does. */
import type { AuditScope } from '../../audit/audit-scope.js'
import type { Principal } from '../../auth/principal.js'
import type { IamContext } from '../../iam/entities.js'
import type { QueryParams } from './params.js'
import type { XmlObject } from './xml.js'

export interface ActionCall {
  ctx: IamContext
  /** The account acted in: the caller's. */
  accountId: string
  caller: Principal
  params: QueryParams
  /** The call's audit record: a state-changing action commits it with its change (audit.transact). */
  audit: AuditScope
}

export interface QueryAction {
  /** The ARN IAM authorizes the action on (`*` for none). */
  resource(call: ActionCall): string | Promise<string>
  /** The `<Action>Result` members, or undefined for actions that answer only ResponseMetadata. */
  run(call: ActionCall): Promise<XmlObject | undefined>
}
