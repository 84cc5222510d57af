/** Alias name rules: the `alias/` prefix, and `alias/aws/` reserved for AWS managed keys. */
import { NotAuthorizedException, ValidationException } from './errors.js'

export function checkAliasName(name: string, creating: boolean): void {
  if (!name.startsWith('alias/')) {
    throw new ValidationException('Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html')
  }
  if (creating && name.startsWith('alias/aws/')) {
    throw new NotAuthorizedException('The alias/aws/ prefix is reserved for AWS managed keys.')
  }
}
