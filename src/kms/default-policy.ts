/**
 * The key policy AWS KMS attaches when CreateKey has no Policy: the account's root principal gets
 * kms:*, which delegates access to the account's IAM identity policies. Formatted as GetKeyPolicy
 * returns it from AWS.
 */
export function defaultKeyPolicy(accountId: string): string {
  return `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:aws:iam::${accountId}:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`
}
