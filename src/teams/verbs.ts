/**
 * Action.Execute verbs shared by the card templates in cards/ and the handlers. A test checks that every
 * verb used in a template is listed here and has a handler.
 */
export const VERBS = {
  help: 'help.show',
  askPrompt: 'answer.prompt',
  ask: 'answer.ask',
  showSection: 'answer.show_section',
  feedback: 'answer.feedback',
  askSlt: 'answer.ask_slt',
  reportStart: 'report.start',
  reportResume: 'report.resume',
  reportRestart: 'report.restart',
  reportStep: 'report.step',
  reportBack: 'report.back',
  reportEdit: 'report.edit',
  reportCancel: 'report.cancel',
  reportSubmit: 'report.submit',
  myReports: 'myreports.list',
  myReportAddInfo: 'myreports.add_info',
  myReportWithdraw: 'myreports.withdraw',
  reporterAnswer: 'reporter.answer',
  triageRefresh: 'triage.refresh',
  triageAcknowledge: 'triage.acknowledge',
  triageAssign: 'triage.assign',
  triageAssignMe: 'triage.assign_me',
  triageUrgency: 'triage.urgency',
  triageNote: 'triage.note',
  triageAsk: 'triage.ask',
  triageEscalate: 'triage.escalate',
  triageClose: 'triage.close',
  triageReopen: 'triage.reopen',
  sltQuestionAnswer: 'slt_question.answer',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];

export const ALL_VERBS: readonly string[] = Object.values(VERBS);
