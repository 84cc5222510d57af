/** Who made a request, as SigV4 authentication established it. */
export interface Principal {
  /** The account the principal belongs to (12 digits). */
  accountId: string
  /** e.g. arn:aws:iam::000000000000:root */
  arn: string
  /** CloudTrail's userIdentity.type: Root for now; IAMUser and AssumedRole arrive with access control. */
  type: 'Root'
  accessKeyId: string
}
