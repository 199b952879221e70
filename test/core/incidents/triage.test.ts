import {
  ConflictError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  ValidationError,
} from '../../../src/core/errors';
import type { IncidentStatus } from '../../../src/core/incidents/incident';
import {
  allowedActions,
  performTriageAction,
  TriageConflictError,
  type TriageAction,
  type TriageActionKind,
} from '../../../src/core/incidents/triage';
import type { Actor } from '../../../src/core/people';
import {
  ACTORS,
  asPerson,
  headteacher,
  otherSlt,
  slt,
  staff,
  type ActorName,
} from '../../support/actors';
import { anIncidentIn, testDeps } from '../../support/incident-fixtures';
import { NOW } from '../../support/report-answers';

/** One valid example of each action (the table is about permission, not about content). */
const ACTION: Record<TriageActionKind, TriageAction> = {
  acknowledge: { kind: 'acknowledge' },
  assign: { kind: 'assign', assignee: asPerson(otherSlt) },
  change_urgency: { kind: 'change_urgency', urgency: 'urgent' },
  add_note: { kind: 'add_note', text: 'Spoke to the pupil with their form tutor.' },
  ask_reporter: { kind: 'ask_reporter', text: 'Did the pupil message you again?' },
  escalate: { kind: 'escalate', target: 'lado', reference: 'LADO-123' },
  close: {
    kind: 'close',
    outcome: 'Advice given; no further action.',
    sharedWithReporter: 'Thanks - sorted.',
  },
  reopen: { kind: 'reopen', reason: 'New information' },
};

/** The triage rules written out by hand, so the test can disagree with the implementation. */
const OPEN_ACTIONS: TriageActionKind[] = [
  'assign',
  'change_urgency',
  'add_note',
  'ask_reporter',
  'escalate',
  'close',
];
const EXPECTED_BY_STATUS: Record<IncidentStatus, TriageActionKind[]> = {
  new: ['acknowledge', ...OPEN_ACTIONS],
  acknowledged: OPEN_ACTIONS,
  closed: ['add_note', 'reopen'],
  withdrawn: ['add_note', 'reopen'],
};
const SLT_NAMES: ActorName[] = ['slt', 'dsl', 'headteacher'];
const STATUSES: IncidentStatus[] = ['new', 'acknowledged', 'closed', 'withdrawn'];
const KINDS = Object.keys(ACTION) as TriageActionKind[];
const ACTOR_NAMES = Object.keys(ACTORS) as ActorName[];

type Outcome = 'ok' | 'forbidden' | 'invalid';

function expectedOutcome(
  confidential: boolean,
  status: IncidentStatus,
  kind: TriageActionKind,
  who: ActorName,
): Outcome {
  const mayAct = confidential ? who === 'headteacher' : SLT_NAMES.includes(who);
  if (!mayAct) return 'forbidden';
  if (!EXPECTED_BY_STATUS[status].includes(kind)) return 'invalid';
  // Confidential reports can only be assigned to the headteacher themself.
  if (confidential && kind === 'assign') return 'forbidden';
  return 'ok';
}

const rows: [string, IncidentStatus, TriageActionKind, ActorName, Outcome][] = [];
for (const confidential of [false, true]) {
  for (const status of STATUSES) {
    for (const kind of KINDS) {
      for (const who of ACTOR_NAMES) {
        rows.push([
          confidential ? 'staff_conduct' : 'pupil_contact',
          status,
          kind,
          who,
          expectedOutcome(confidential, status, kind, who),
        ]);
      }
    }
  }
}

describe('triage table: every action x status x role', () => {
  it.each(rows)('%s %s: %s by %s -> %s', async (type, status, kind, who, outcome) => {
    const deps = testDeps();
    const incident = await anIncidentIn(deps, status, type as 'pupil_contact');
    const actor: Actor = ACTORS[who];
    const attempt = performTriageAction(
      deps,
      actor,
      incident.id,
      incident.version,
      ACTION[kind],
      NOW,
    );
    if (outcome === 'ok') {
      const { incident: after, event, duplicate } = await attempt;
      expect(duplicate).toBe(false);
      expect(after.version).toBe(incident.version + 1);
      expect(event.actor).toEqual(asPerson(actor));
    } else {
      await expect(attempt).rejects.toBeInstanceOf(
        outcome === 'forbidden' ? ForbiddenError : InvalidTransitionError,
      );
      expect((await deps.store.incidents.get(incident.id))!.version).toBe(incident.version);
    }
    const buttons = allowedActions(incident, actor);
    const canActAtAll = type === 'staff_conduct' ? who === 'headteacher' : SLT_NAMES.includes(who);
    expect(buttons).toEqual(canActAtAll ? EXPECTED_BY_STATUS[status] : []);
  });
});

describe('triage: state after each action', () => {
  it.each([
    ['acknowledge', 'new', { status: 'acknowledged' }],
    ['assign', 'new', { status: 'acknowledged', assignee: asPerson(otherSlt) }],
    ['change_urgency', 'acknowledged', { urgency: 'urgent' }],
    ['escalate', 'new', { status: 'acknowledged' }],
    [
      'close',
      'acknowledged',
      {
        status: 'closed',
        outcome: {
          text: 'Advice given; no further action.',
          sharedWithReporter: 'Thanks - sorted.',
        },
      },
    ],
    ['reopen', 'closed', { status: 'acknowledged' }],
    ['reopen', 'withdrawn', { status: 'acknowledged' }],
  ] as [TriageActionKind, IncidentStatus, object][])(
    '%s from %s',
    async (kind, status, expected) => {
      const deps = testDeps();
      const incident = await anIncidentIn(deps, status);
      const { incident: after } = await performTriageAction(
        deps,
        slt,
        incident.id,
        incident.version,
        ACTION[kind],
        NOW,
      );
      expect(after).toMatchObject(expected);
    },
  );

  it('escalation keeps its target and reference', async () => {
    const deps = testDeps();
    const incident = await anIncidentIn(deps, 'new');
    const { incident: after } = await performTriageAction(
      deps,
      slt,
      incident.id,
      1,
      ACTION.escalate,
      NOW,
    );
    expect(after.escalations).toEqual([
      { target: 'lado', reference: 'LADO-123', by: asPerson(slt), at: NOW.toISOString() },
    ]);
  });

  it.each([
    ['already acknowledged', 'acknowledged', 'acknowledge', /already been acknowledged/],
    ['closing a closed report', 'closed', 'close', /already closed/],
    ['assigning a closed report', 'closed', 'assign', /closed. Reopen it first/],
    ['acting on a withdrawn report', 'withdrawn', 'escalate', /withdrew this report/],
    ['reopening an open report', 'new', 'reopen', /already open/],
  ] as [string, IncidentStatus, TriageActionKind, RegExp][])(
    '%s -> polite InvalidTransitionError',
    async (_n, status, kind, message) => {
      const deps = testDeps();
      const incident = await anIncidentIn(deps, status);
      await expect(
        performTriageAction(deps, slt, incident.id, incident.version, ACTION[kind], NOW),
      ).rejects.toMatchObject({
        constructor: InvalidTransitionError,
        userMessage: expect.stringMatching(message),
      });
    },
  );

  it('assigning to the current assignee or setting the same urgency is refused', async () => {
    const deps = testDeps();
    const incident = await anIncidentIn(deps, 'new');
    const { incident: assigned } = await performTriageAction(
      deps,
      slt,
      incident.id,
      1,
      ACTION.assign,
      NOW,
    );
    await expect(
      performTriageAction(deps, slt, incident.id, assigned.version, ACTION.assign, NOW),
    ).rejects.toMatchObject({ userMessage: 'This report is already assigned to Mr Young.' });
    await expect(
      performTriageAction(
        deps,
        slt,
        incident.id,
        assigned.version,
        { kind: 'change_urgency', urgency: 'normal' },
        NOW,
      ),
    ).rejects.toBeInstanceOf(InvalidTransitionError);
  });

  it('the headteacher may take a confidential report themself', async () => {
    const deps = testDeps();
    const incident = await anIncidentIn(deps, 'new', 'staff_conduct');
    const { incident: after } = await performTriageAction(
      deps,
      headteacher,
      incident.id,
      1,
      { kind: 'assign', assignee: asPerson(headteacher) },
      NOW,
    );
    expect(after.assignee).toEqual(asPerson(headteacher));
  });
});

describe('triage: untrusted action payloads', () => {
  it.each([
    ['unknown kind', { kind: 'delete_everything' }, 'kind'],
    ['no kind', {}, 'kind'],
    ['null', null, 'kind'],
    ['close without an outcome', { kind: 'close', outcome: '   ' }, 'outcome'],
    ['oversized note', { kind: 'add_note', text: 'x'.repeat(4001) }, 'text'],
    ['unknown escalation target', { kind: 'escalate', target: 'mi5' }, 'target'],
    ['urgency not in the list', { kind: 'change_urgency', urgency: 'apocalyptic' }, 'urgency'],
    ['assignee without an id', { kind: 'assign', assignee: { name: 'X' } }, 'assignee'],
    ['question as a number', { kind: 'ask_reporter', text: 42 }, 'text'],
  ])('%s -> ValidationError on %s, nothing stored', async (_n, action, field) => {
    const deps = testDeps();
    const incident = await anIncidentIn(deps, 'new');
    let caught: unknown;
    try {
      await performTriageAction(deps, slt, incident.id, 1, action, NOW);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect((caught as ValidationError).fieldErrors[field]).toBeDefined();
    expect((await deps.store.incidents.events(incident.id)).length).toBe(1);
  });

  it.each([0, -1, 1.5, NaN])('expectedVersion %p -> ValidationError', async (version) => {
    const deps = testDeps();
    const incident = await anIncidentIn(deps, 'new');
    await expect(
      performTriageAction(deps, slt, incident.id, version, ACTION.acknowledge, NOW),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('an unknown incident is NotFound for SLT but Forbidden for staff (no existence oracle)', async () => {
    const deps = testDeps();
    await expect(
      performTriageAction(deps, slt, 'nope', 1, ACTION.acknowledge, NOW),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      performTriageAction(deps, staff, 'nope', 1, ACTION.acknowledge, NOW),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('assigning to someone who is not SLT is refused when the roster is known', async () => {
    const deps = testDeps({ isSltMember: (id) => id === otherSlt.id });
    const incident = await anIncidentIn(deps, 'new');
    await expect(
      performTriageAction(
        deps,
        slt,
        incident.id,
        1,
        { kind: 'assign', assignee: asPerson(staff) },
        NOW,
      ),
    ).rejects.toMatchObject({
      constructor: ValidationError,
      fieldErrors: { assignee: expect.any(String) },
    });
    await expect(
      performTriageAction(deps, slt, incident.id, 1, ACTION.assign, NOW),
    ).resolves.toBeDefined();
  });
});

describe('triage: refusals are logged without personal data', () => {
  it('a forged invoke from staff is refused, audited and logged', async () => {
    const deps = testDeps();
    const incident = await anIncidentIn(deps, 'new');
    await expect(
      performTriageAction(deps, staff, incident.id, 1, ACTION.close, NOW),
    ).rejects.toMatchObject({
      userMessage: expect.stringMatching(/only members of the senior leadership team/),
    });
    const audit = await deps.store.audit.list({ action: 'incident.triage_refused' });
    expect(audit).toEqual([
      expect.objectContaining({
        actorId: staff.id,
        subject: incident.id,
        detail: { action: 'close' },
      }),
    ]);
    const warn = deps.log.lines.filter((l) => l.level === 'warn');
    expect(warn).toHaveLength(1);
    expect(JSON.stringify(warn)).not.toContain(staff.name);
  });

  it('an SLT member acting on a confidential report is refused and audited', async () => {
    const deps = testDeps();
    const incident = await anIncidentIn(deps, 'new', 'staff_conduct');
    await expect(
      performTriageAction(deps, slt, incident.id, 1, ACTION.acknowledge, NOW),
    ).rejects.toMatchObject({
      userMessage: expect.stringMatching(/only the headteacher/),
    });
    expect(await deps.store.audit.list({ action: 'incident.triage_refused' })).toHaveLength(1);
  });
});

describe('triage: two leaders at once (no lost update)', () => {
  it('the second leader is told who acted first and gets the latest state', async () => {
    const deps = testDeps();
    const incident = await anIncidentIn(deps, 'new');
    await performTriageAction(deps, slt, incident.id, 1, ACTION.acknowledge, NOW);
    let caught: unknown;
    try {
      await performTriageAction(deps, otherSlt, incident.id, 1, ACTION.acknowledge, NOW);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(TriageConflictError);
    expect(caught).toBeInstanceOf(ConflictError);
    expect((caught as TriageConflictError).userMessage).toBe(
      'Ms Xu acknowledged this report a moment ago - the card now shows the latest state.',
    );
    expect((caught as TriageConflictError).latest.status).toBe('acknowledged');
    expect(await deps.store.incidents.events(incident.id)).toHaveLength(2);
  });

  it('racing appends at the same version: exactly one wins', async () => {
    const deps = testDeps();
    const incident = await anIncidentIn(deps, 'new');
    const results = await Promise.allSettled([
      performTriageAction(deps, slt, incident.id, 1, ACTION.assign, NOW),
      performTriageAction(deps, otherSlt, incident.id, 1, ACTION.close, NOW),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(TriageConflictError);
    expect(await deps.store.incidents.events(incident.id)).toHaveLength(2);
  });

  it('the same leader tapping twice gets the first result back, not a second event', async () => {
    const deps = testDeps();
    const incident = await anIncidentIn(deps, 'new');
    const first = await performTriageAction(deps, slt, incident.id, 1, ACTION.ask_reporter, NOW);
    const second = await performTriageAction(deps, slt, incident.id, 1, ACTION.ask_reporter, NOW);
    expect(second.duplicate).toBe(true);
    expect(second.event.seq).toBe(first.event.seq);
    expect(await deps.store.incidents.events(incident.id)).toHaveLength(2);
    expect(
      (await deps.store.outbox.undelivered()).filter((m) => m.topic === 'reporter.notify'),
    ).toHaveLength(1);
  });

  it('a stale card naming a different action says what happened', async () => {
    const deps = testDeps();
    const incident = await anIncidentIn(deps, 'new');
    await performTriageAction(deps, otherSlt, incident.id, 1, ACTION.escalate, NOW);
    await expect(
      performTriageAction(deps, slt, incident.id, 1, ACTION.close, NOW),
    ).rejects.toMatchObject({
      userMessage: expect.stringMatching(/^Mr Young escalated this report to the LADO/),
    });
  });
});

describe('triage: outbox messages', () => {
  async function outboxAfter(
    kind: TriageActionKind,
    status: IncidentStatus = 'new',
    type: 'pupil_contact' | 'staff_conduct' = 'pupil_contact',
  ) {
    const deps = testDeps();
    const incident = await anIncidentIn(deps, status, type);
    const actor = type === 'staff_conduct' ? headteacher : slt;
    const action =
      kind === 'assign' && type === 'staff_conduct'
        ? { kind: 'assign', assignee: asPerson(headteacher) }
        : ACTION[kind];
    const before = new Set((await deps.store.outbox.undelivered()).map((m) => m.key));
    const { event } = await performTriageAction(
      deps,
      actor,
      incident.id,
      incident.version,
      action,
      NOW,
    );
    const added = (await deps.store.outbox.undelivered()).filter((m) => !before.has(m.key));
    return { incident, event, added };
  }

  it.each([
    ['acknowledge', 'new', 'Acknowledged by Ms Xu', /has been acknowledged/],
    ['assign', 'new', 'Assigned to Mr Young by Ms Xu', /assigned to a senior leader/],
    ['ask_reporter', 'new', 'Ms Xu asked the reporter a question', /has a question/],
    [
      'escalate',
      'new',
      'Escalated to the LADO (local authority designated officer) by Ms Xu (ref LADO-123)',
      /passed on/,
    ],
    ['close', 'acknowledged', 'Closed by Ms Xu', /has been closed/],
    ['change_urgency', 'new', 'Urgency changed from Normal to Urgent by Ms Xu', null],
    ['add_note', 'new', 'Note added by Ms Xu', null],
    ['reopen', 'closed', 'Reopened by Ms Xu', null],
  ] as [TriageActionKind, IncidentStatus, string, RegExp | null][])(
    '%s -> card update "%s" and reporter notice %p',
    async (kind, status, thread, notice) => {
      const { incident, event, added } = await outboxAfter(kind, status);
      const update = added.find((m) => m.topic === 'slt.update_card');
      expect(update).toMatchObject({
        key: `slt.update_card:${incident.id}:${event.seq}`,
        payload: { incidentId: incident.id, seq: event.seq, threadText: thread },
      });
      const notify = added.find((m) => m.topic === 'reporter.notify');
      if (!notice) {
        expect(notify).toBeUndefined();
        return;
      }
      expect(notify).toMatchObject({
        key: `reporter.notify:${incident.id}:${event.seq}`,
        payload: {
          incidentId: incident.id,
          reporterId: staff.id,
          reference: incident.reference,
          statusLine: expect.stringMatching(notice),
        },
      });
      const payload = JSON.stringify(notify!.payload);
      expect(payload).not.toContain('Mr Young');
      expect(payload).not.toContain('LADO-123');
      expect(payload).not.toContain('Advice given');
    },
  );

  it('the question and the shared outcome reach the reporter', async () => {
    const asked = await outboxAfter('ask_reporter');
    expect(asked.added.find((m) => m.topic === 'reporter.notify')!.payload.question).toEqual({
      questionId: `q${asked.event.seq}`,
      text: 'Did the pupil message you again?',
    });
    const closed = await outboxAfter('close', 'acknowledged');
    expect(closed.added.find((m) => m.topic === 'reporter.notify')!.payload.sharedOutcome).toBe(
      'Thanks - sorted.',
    );
  });

  it('confidential reports get a generic thread line in the SLT channel', async () => {
    const { added } = await outboxAfter('escalate', 'new', 'staff_conduct');
    const update = added.find((m) => m.topic === 'slt.update_card')!;
    expect(update.payload.threadText).toBe('This confidential report was updated.');
    expect(JSON.stringify(update.payload)).not.toMatch(/LADO/);
  });
});
