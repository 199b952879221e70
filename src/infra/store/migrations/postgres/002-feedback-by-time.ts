import type { Migration } from '../migration';

/** The `feedback` command reads votes from a period (default the last 90 days). */
export const feedbackByTime: Migration = {
  version: 2,
  name: 'feedback-by-time',
  sql: `
CREATE INDEX feedback_at ON feedback (at);
`,
};
