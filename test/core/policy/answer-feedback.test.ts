import { fixedClock } from '../../../src/core/clock';
import { ForbiddenError, ValidationError } from '../../../src/core/errors';
import {
  answerFeedbackReport,
  canSeeAnswerFeedback,
  FEEDBACK_REFUSED_MESSAGE,
  helpfulPercent,
  TOP_SECTIONS,
} from '../../../src/core/policy/answer-feedback';
import type { FeedbackInput } from '../../../src/core/store';
import { MemoryStore } from '../../../src/infra/store/memory-store';
import { ACTORS, type ActorName } from '../../support/actors';

const NOW = '2026-11-20T10:00:00Z';
const DAY = 24 * 60 * 60 * 1000;

function daysAgo(days: number): Date {
  return new Date(Date.parse(NOW) - days * DAY);
}

function vote(input: Partial<FeedbackInput> = {}): FeedbackInput {
  return {
    answerId: 'answer-1',
    documentTitle: 'Staff social media policy',
    section: '4.1',
    helpful: false,
    userId: 'aad-staff-a',
    at: daysAgo(1),
    ...input,
  };
}

describe('answerFeedbackReport', () => {
  let store: MemoryStore;
  const clock = fixedClock(NOW);
  beforeEach(() => {
    store = new MemoryStore(clock);
  });

  it.each<[ActorName, boolean]>([
    ['staff', false],
    ['otherStaff', false],
    ['slt', true],
    ['dsl', true],
    ['headteacher', true],
    ['admin', true],
  ])('%s may see it: %s', async (name, allowed) => {
    const actor = ACTORS[name];
    expect(canSeeAnswerFeedback(actor)).toBe(allowed);
    const result = answerFeedbackReport(store, actor, {}, clock);
    if (allowed) await expect(result).resolves.toBeDefined();
    else {
      await expect(result).rejects.toBeInstanceOf(ForbiddenError);
      await expect(result).rejects.toMatchObject({ userMessage: FEEDBACK_REFUSED_MESSAGE });
    }
  });

  it('refuses before reading any votes', async () => {
    const summary = jest.spyOn(store.feedback, 'summary');
    await expect(answerFeedbackReport(store, ACTORS.staff, {}, clock)).rejects.toThrow(
      ForbiddenError,
    );
    expect(summary).not.toHaveBeenCalled();
  });

  it('is all zeros before anyone votes', async () => {
    expect(await answerFeedbackReport(store, ACTORS.slt, {}, clock)).toEqual({
      period: {
        days: 90,
        since: daysAgo(90).toISOString(),
        helpful: 0,
        notHelpful: 0,
      },
      allTime: { helpful: 0, notHelpful: 0 },
      sections: [],
    });
  });

  it('totals the last 90 days and all time, and lists sections marked not helpful in the period', async () => {
    await store.feedback.record(vote({ helpful: true, at: daysAgo(200) }));
    await store.feedback.record(vote({ helpful: false, at: daysAgo(91) }));
    await store.feedback.record(vote({ helpful: true, at: daysAgo(89) }));
    await store.feedback.record(vote({ helpful: false, userId: 'aad-staff-b' }));
    await store.feedback.record(vote({ helpful: false, userId: 'aad-staff-c' }));
    await store.feedback.record(vote({ section: '6.2', helpful: false }));
    await store.feedback.record(vote({ section: '6.2', helpful: true, userId: 'aad-staff-b' }));
    await store.feedback.record(vote({ section: '6.2', helpful: true, userId: 'aad-staff-c' }));
    await store.feedback.record(vote({ section: '2', helpful: true }));

    const report = await answerFeedbackReport(store, ACTORS.headteacher, {}, clock);
    expect(report.period).toMatchObject({ days: 90, helpful: 4, notHelpful: 3 });
    expect(report.allTime).toEqual({ helpful: 5, notHelpful: 4 });
    expect(report.sections).toEqual([
      {
        documentTitle: 'Staff social media policy',
        section: '4.1',
        helpful: 1,
        notHelpful: 2,
        notHelpfulShare: 2 / 3,
      },
      {
        documentTitle: 'Staff social media policy',
        section: '6.2',
        helpful: 2,
        notHelpful: 1,
        notHelpfulShare: 1 / 3,
      },
    ]);
    expect(JSON.stringify(report)).not.toMatch(/aad-staff|answer-1/);
  });

  it('lists at most the top ten sections', async () => {
    for (let i = 1; i <= TOP_SECTIONS + 3; i++) {
      for (let n = 0; n < i; n++) await store.feedback.record(vote({ section: String(i) }));
    }
    const report = await answerFeedbackReport(store, ACTORS.admin, {}, clock);
    expect(report.sections).toHaveLength(TOP_SECTIONS);
    expect(report.sections[0]).toMatchObject({ section: '13', notHelpful: 13 });
  });

  it('takes another period, and refuses one that is not a sensible number of days', async () => {
    await store.feedback.record(vote({ at: daysAgo(20) }));
    const week = await answerFeedbackReport(store, ACTORS.slt, { days: 7 }, clock);
    expect(week.period).toMatchObject({ days: 7, notHelpful: 0 });
    expect(week.allTime.notHelpful).toBe(1);
    for (const days of [0, -1, 1.5, 3651, Number.NaN]) {
      await expect(answerFeedbackReport(store, ACTORS.slt, { days }, clock)).rejects.toBeInstanceOf(
        ValidationError,
      );
    }
  });
});

describe('helpfulPercent', () => {
  it.each([
    [{ helpful: 0, notHelpful: 0 }, undefined],
    [{ helpful: 3, notHelpful: 1 }, 75],
    [{ helpful: 2, notHelpful: 1 }, 67],
    [{ helpful: 0, notHelpful: 5 }, 0],
  ])('%j -> %s', (counts, expected) => {
    expect(helpfulPercent(counts)).toBe(expected);
  });
});
