/**
 * The catalogue of Tencent Cloud error codes this service answers with. Each key equals its code
 * (a test holds that), so `ErrorCode.InvalidParameterValue` reads like the wire.
 */
export const ErrorCode = {
  AuthFailureInvalidAuthorization: 'AuthFailure.InvalidAuthorization',
  AuthFailureSecretIdNotFound: 'AuthFailure.SecretIdNotFound',
  AuthFailureSignatureExpire: 'AuthFailure.SignatureExpire',
  AuthFailureSignatureFailure: 'AuthFailure.SignatureFailure',
  AuthFailureUnauthorizedOperation: 'AuthFailure.UnauthorizedOperation',
  FailedOperation: 'FailedOperation',
  FailedOperationDuplicatedAccount: 'FailedOperation.DuplicatedAccount',
  FailedOperationSeatStatusBusy: 'FailedOperation.SeatStatusBusy',
  FailedOperationSessionNotExists: 'FailedOperation.SessionNotExists',
  InternalError: 'InternalError',
  InternalErrorDBError: 'InternalError.DBError',
  InvalidAction: 'InvalidAction',
  InvalidParameter: 'InvalidParameter',
  InvalidParameterValue: 'InvalidParameterValue',
  InvalidParameterValueAccountNotExist: 'InvalidParameterValue.AccountNotExist',
  InvalidParameterValueInstanceNotExist: 'InvalidParameterValue.InstanceNotExist',
  InvalidParameterValueSkillGroupExist: 'InvalidParameterValue.SkillGroupExist',
  LimitExceededOutOfCountLimit: 'LimitExceeded.OutOfCountLimit',
  MissingParameter: 'MissingParameter',
  NoSuchVersion: 'NoSuchVersion',
  RequestLimitExceeded: 'RequestLimitExceeded',
  RequestSizeLimitExceeded: 'RequestSizeLimitExceeded',
  ResourceUnavailable: 'ResourceUnavailable',
  UnknownParameter: 'UnknownParameter',
  UnsupportedOperation: 'UnsupportedOperation',
  UnsupportedProtocol: 'UnsupportedProtocol',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
