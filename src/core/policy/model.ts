/** The policy knowledge base's document model. Pure data: built by sectioning, read by the library. */

export interface ReviewInfo {
  /** As written in the document, e.g. "14/11/2024" or "September 2023". */
  lastReviewed?: string;
  /** As written in the document, e.g. "Autumn 2026"; inferred from the review cycle when not stated. */
  nextReview?: string;
  /** True when nextReview was worked out from lastReviewed plus the stated review frequency. */
  nextReviewInferred?: boolean;
  /** ISO date (yyyy-mm-dd): the last day the next review can be read as still due, e.g. 2026-12-31 for "Autumn 2026". */
  nextReviewBy?: string;
}

export interface Passage {
  /** Stable within one build: `${fileName}#${position}`. */
  id: string;
  fileName: string;
  documentTitle: string;
  /** Section number as the reader sees it ("6.2", "6.xiv", "9.i.a"), or null for unnumbered text. */
  section: string | null;
  /** Nearest heading above the passage, without its number. */
  heading: string | null;
  /** Cleaned passage text; bullets are lines starting with "- ". */
  text: string;
  /** 0-based order of the passage inside its document. */
  position: number;
  /** A flattened table such as document control or a change log: searchable, ranked lower. */
  metadata?: boolean;
}

export interface PolicyDocument {
  fileName: string;
  title: string;
  review: ReviewInfo;
  passages: Passage[];
}
