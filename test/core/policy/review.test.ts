import { fixedClock } from '../../../src/core/clock';
import { isReviewOverdue, parseReviewDate, parseReviewInfo } from '../../../src/core/policy/review';

describe('review dates', () => {
  it.each([
    ['14/11/2024', '2024-11-14'],
    ['10/10/23', '2023-10-10'],
    ['September 2026', '2026-09-30'],
    ['Sept 2026', '2026-09-30'],
    ['February 2024', '2024-02-29'],
    ['Autumn 2026', '2026-12-31'],
    ['Spring Term 2027', '2027-04-30'],
    ['Summer 2025', '2025-08-31'],
    ['3rd March 2025', '2025-03-03'],
    ['2027', '2027-12-31'],
  ])('"%s" is due by %s', (text, end) => {
    expect(parseReviewDate(text)?.end).toBe(end);
  });

  it('ignores impossible dates', () => {
    expect(parseReviewDate('31/02/2024')).toBeNull();
    expect(parseReviewDate('no date here')).toBeNull();
  });

  it('reads last and next review from a flattened header table', () => {
    const info = parseReviewInfo([
      'Statutory Policy: No; Reviewed by the Headteacher: 14/11/2024',
      'Policy to go on website: No; Review Cycle/ Next Review: Bi-Annually/ Autumn 2026',
    ]);
    expect(info).toEqual({ lastReviewed: '14/11/2024', nextReview: 'Autumn 2026', nextReviewBy: '2026-12-31' });
  });

  it('works out the next review from the last review and an annual cycle', () => {
    const info = parseReviewInfo(['Date of Last Review: February 2024', 'Frequency of Review: Annual']);
    expect(info).toMatchObject({ nextReview: 'February 2025', nextReviewInferred: true, nextReviewBy: '2025-02-28' });
  });

  it('says a policy is out of date only after the whole review period has passed', () => {
    const info = parseReviewInfo(['Next review: Autumn 2026']);
    expect(isReviewOverdue(info, fixedClock('2026-12-31T20:00:00Z'))).toBe(false);
    expect(isReviewOverdue(info, fixedClock('2027-01-01T00:00:01Z'))).toBe(true);
  });

  it('never calls a policy without a review date out of date', () => {
    expect(isReviewOverdue(parseReviewInfo(['Policy owner: HR']), fixedClock('2099-01-01'))).toBe(false);
  });
});
