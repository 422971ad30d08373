export * from './types';
export { present, emailKey, externalIdKey, identityFieldProblem } from './normalise';
export { invalidIdReason, MAX_EXTERNAL_ID_LENGTH } from './external-id-rules';
export { IdentityIndex, type IdentityIndexOptions, type RemovalOutcome, type RenameOutcome, type UpdateOutcome } from './identity-index';
export { resolveRows, countActions } from './resolve-rows';
export { analyseBatch, applySteps, checkRenames, type BatchAnalysis, type RenameCheck, type RenameStep, type SwapPlan } from './rename-batch';
export { renamesFromPattern, type PatternResult } from './rename-pattern';
export { MAX_REQUEST_ITEMS, requestSizeError } from './request-limits';
