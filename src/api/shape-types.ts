/**
 * The compact form of botocore shapes that `generated/kms-model.ts` is written in. It keeps only
 * what the wire boundary acts on (types, constraints, `required`, `sensitive`); documentation stays
 * in the AWS model. Shapes refer to each other by name, exactly as in the model.
 */

interface Sized {
  readonly min?: number
  readonly max?: number
}

export interface StringShape extends Sized {
  readonly type: 'string'
  /** A Java regex as written in the model; the whole value must match it (Java `matches()`). */
  readonly pattern?: string
  readonly enum?: readonly string[]
  /** Never echoed in error messages. */
  readonly sensitive?: true
}

export interface BlobShape extends Sized {
  readonly type: 'blob'
  readonly sensitive?: true
}

/** `integer` is a Java int (32-bit); `long` is limited to JavaScript's safe integers. */
export interface NumberShape extends Sized {
  readonly type: 'integer' | 'long'
}

export interface BooleanShape {
  readonly type: 'boolean'
}

/** Epoch seconds on the wire (AWS JSON 1.1), `Date` in code. */
export interface TimestampShape {
  readonly type: 'timestamp'
}

export interface MemberRef {
  readonly shape: string
}

export interface StructureShape {
  readonly type: 'structure'
  /** In model order, which is also the order validation errors are reported in. */
  readonly members: Readonly<Record<string, MemberRef>>
  readonly required?: readonly string[]
}

export interface ListShape extends Sized {
  readonly type: 'list'
  readonly member: string
}

export interface MapShape extends Sized {
  readonly type: 'map'
  readonly key: string
  readonly value: string
}

export type Shape =
  | StringShape
  | BlobShape
  | NumberShape
  | BooleanShape
  | TimestampShape
  | StructureShape
  | ListShape
  | MapShape

/** Input and output structure names of one operation; absent when the operation has none. */
export interface OperationShapes {
  readonly input?: string
  readonly output?: string
}
