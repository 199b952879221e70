export type { Passage, PolicyDocument, ReviewInfo } from './model';
export { parsePolicyDocument } from './sectioning';
export { parseReviewInfo, parseReviewDate, isReviewOverdue } from './review';
export { detectIncident } from './incident-detector';
export { MAX_EXCERPT_CHARS } from './excerpt';
export {
  PolicyLibrary,
  DEFAULT_ABSTAIN_BELOW,
  MAX_QUESTION_CHARS,
  type AnswerOptions,
  type Citation,
  type CitationReview,
  type LibraryOptions,
  type PolicyAnswer,
} from './policy-library';
export {
  isSchoolWordsFile,
  SchoolWords,
  SCHOOL_WORDS_FILE,
  type SchoolWordProblem,
} from './school-words';
