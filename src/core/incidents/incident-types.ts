import { ValidationError } from '../errors';

/**
 * The fixed catalogue of incident types. Ids are part of the product's contract (eval output,
 * "Report this" links, stored records) and must never change; labels and guidance are ours.
 */
export const INCIDENT_TYPE_IDS = [
  'pupil_contact',
  'parent_contact',
  'online_abuse',
  'inappropriate_content',
  'indecent_images',
  'radicalisation',
  'pupil_online_safety',
  'staff_conduct',
  'data_breach',
  'media_contact',
  'school_account',
  'other',
] as const;

export type IncidentTypeId = (typeof INCIDENT_TYPE_IDS)[number];

export const URGENCIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Urgency = (typeof URGENCIES)[number];

export function isIncidentTypeId(value: unknown): value is IncidentTypeId {
  return typeof value === 'string' && (INCIDENT_TYPE_IDS as readonly string[]).includes(value);
}

export interface IncidentTypeInfo {
  id: IncidentTypeId;
  /** Short label for buttons and cards. */
  label: string;
  /** One line: what this type covers, shown when choosing a type. */
  covers: string;
  defaultUrgency: Urgency;
  /** Details go to the headteacher only; the SLT channel sees a placeholder. */
  confidential: boolean;
  /** Urgent types tell the reporter to speak to the DSL in person before any form. */
  speakToDslFirst: boolean;
  /** False for indecent_images: the flow never asks for or accepts evidence. */
  collectsEvidence: boolean;
  /** What the reporter should do now, in order. Shown on the first card and on the receipt. */
  guidance: readonly string[];
  /** "What I have already done" options: stable ids with labels. */
  actionsChecklist: readonly { id: string; label: string }[];
  /** Whether the "what happened" step asks "does it include threats or hate?" (raises urgency). */
  asksThreatsOrHate: boolean;
  /** Who reads the report first; shown on the receipt under "what happens next". */
  handledBy: string;
}

/** Lower is more pressing; used to sort and to compare urgencies. */
export const URGENCY_RANK: Record<Urgency, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

export const URGENCY_LABELS: Record<Urgency, string> = {
  urgent: 'Urgent',
  high: 'High',
  normal: 'Normal',
  low: 'Low',
};

const SLT_READS =
  'The senior leadership team will read your report and may ask you for more detail.';

export const INCIDENT_TYPES: Readonly<Record<IncidentTypeId, IncidentTypeInfo>> = {
  pupil_contact: {
    id: 'pupil_contact',
    label: 'A pupil contacted me online',
    covers:
      'A current pupil (of any school), or a former pupil under 19, messaged me or sent a friend or follow request on social media or a personal account.',
    defaultUrgency: 'normal',
    confidential: false,
    speakToDslFirst: false,
    collectsEvidence: true,
    asksThreatsOrHate: false,
    handledBy: SLT_READS,
    guidance: [
      'Do not accept the request and do not reply.',
      'Ignore or delete the request and block the account.',
      'Check your privacy settings so that people have to ask before they can follow or message you.',
      'If the pupil keeps trying, take a screenshot before you block them so the school has a record.',
      'A family member is the only exception, and only if you have already told the headteacher about the relationship.',
    ],
    actionsChecklist: [
      { id: 'declined_request', label: 'I declined or ignored the request and did not reply' },
      { id: 'blocked', label: 'I blocked the account' },
      { id: 'checked_privacy', label: 'I checked my privacy settings' },
      { id: 'took_screenshot', label: 'I took a screenshot' },
    ],
  },
  parent_contact: {
    id: 'parent_contact',
    label: 'A parent or carer contacted me online',
    covers:
      'A parent or carer messaged me or sent a friend or follow request on social media or another personal channel.',
    defaultUrgency: 'low',
    confidential: false,
    speakToDslFirst: false,
    collectsEvidence: true,
    asksThreatsOrHate: false,
    handledBy: SLT_READS,
    guidance: [
      'Whether to accept is your call, but think about the precedent it sets with other families.',
      'Never discuss pupils, or school business, on personal accounts.',
      'Point the parent to the school office, school email or the usual school channels for anything about school.',
    ],
    actionsChecklist: [
      { id: 'declined_request', label: 'I declined or ignored the request' },
      { id: 'redirected_to_school', label: 'I pointed them to the school office or school email' },
      { id: 'blocked', label: 'I blocked the account' },
      { id: 'took_screenshot', label: 'I took a screenshot' },
    ],
  },
  online_abuse: {
    id: 'online_abuse',
    label: 'I am being abused online',
    covers: 'Someone is harassing, bullying, trolling, threatening or defaming me online.',
    defaultUrgency: 'normal',
    confidential: false,
    speakToDslFirst: false,
    collectsEvidence: true,
    asksThreatsOrHate: true,
    handledBy: SLT_READS,
    guidance: [
      'Do not reply or retaliate, however tempting.',
      'Keep the evidence: screenshots showing the date, the time and the site or app.',
      'Do not delete the messages or posts: they may be needed later.',
      'Report the account or the content to the platform.',
      'If there are threats against you or it is a hate crime, you can report it to the police (999 in an emergency, 101 otherwise).',
      'Your trade union or professional association can support you too.',
    ],
    actionsChecklist: [
      { id: 'did_not_respond', label: 'I have not replied or responded' },
      { id: 'kept_evidence', label: 'I kept screenshots with the date, time and site' },
      { id: 'reported_to_platform', label: 'I reported it to the platform' },
      { id: 'blocked', label: 'I blocked the account' },
      { id: 'contacted_police', label: 'I contacted the police' },
      { id: 'contacted_union', label: 'I contacted my union' },
    ],
  },
  inappropriate_content: {
    id: 'inappropriate_content',
    label: 'Inappropriate content on school IT',
    covers:
      'Harmful or inappropriate content was accessed or shown on school IT, or I am worried the web filtering is not working.',
    defaultUrgency: 'normal',
    confidential: false,
    speakToDslFirst: false,
    collectsEvidence: true,
    asksThreatsOrHate: false,
    handledBy: SLT_READS,
    guidance: [
      'Write down which device, the time, and who was logged in.',
      'Leave the device as it is: do not clear the history or try to fix it yourself.',
      'Do not show the content to anyone else.',
    ],
    actionsChecklist: [
      { id: 'noted_device_time_user', label: 'I noted the device, time and user' },
      { id: 'left_device_as_is', label: 'I left the device as it was' },
      { id: 'told_it_support', label: 'I told IT support' },
    ],
  },
  indecent_images: {
    id: 'indecent_images',
    label: 'Indecent images of a child',
    covers: 'I have found, or been sent, indecent images of a child.',
    defaultUrgency: 'urgent',
    confidential: false,
    speakToDslFirst: true,
    collectsEvidence: false,
    asksThreatsOrHate: false,
    handledBy:
      'The designated safeguarding lead and the headteacher are alerted straight away. Do not wait for a reply here.',
    guidance: [
      'Tell the headteacher or the designated safeguarding lead (DSL) in person, now.',
      'Do not look at the images again, and do not copy, screenshot, forward, print or delete them.',
      'Secure the device: switch the screen off or lock it, keep it safe and do not let anyone else use it.',
      'This form never asks for, or accepts, the images themselves.',
    ],
    actionsChecklist: [
      { id: 'told_dsl_in_person', label: 'I told the DSL or headteacher in person' },
      { id: 'secured_device', label: 'I secured the device without looking further' },
      { id: 'did_not_share', label: 'I have not copied, forwarded or shown the images to anyone' },
    ],
  },
  radicalisation: {
    id: 'radicalisation',
    label: 'Radicalisation or extremism concern',
    covers: 'I am worried a pupil is being radicalised or drawn towards extremist content.',
    defaultUrgency: 'urgent',
    confidential: false,
    speakToDslFirst: true,
    collectsEvidence: true,
    asksThreatsOrHate: false,
    handledBy:
      'The designated safeguarding lead is alerted straight away and will decide whether a Prevent referral is needed.',
    guidance: [
      'Contact the designated safeguarding lead (DSL) now.',
      'If anyone is in immediate danger, call 999.',
      'Follow the school safeguarding procedures: the DSL decides on any Prevent referral.',
    ],
    actionsChecklist: [
      { id: 'told_dsl_in_person', label: 'I told the DSL in person' },
      { id: 'called_999', label: 'I called 999' },
      { id: 'recorded_concern', label: 'I recorded what I saw or heard' },
    ],
  },
  pupil_online_safety: {
    id: 'pupil_online_safety',
    label: 'A pupil at risk online',
    covers: 'A pupil may be at risk online: cyberbullying, grooming, sharing images or similar.',
    defaultUrgency: 'high',
    confidential: false,
    speakToDslFirst: false,
    collectsEvidence: true,
    asksThreatsOrHate: false,
    handledBy: 'The designated safeguarding lead reads this today.',
    guidance: [
      "Do not investigate yourself, and do not ask to see images on a pupil's phone.",
      'Write down what the pupil said, in their own words, as soon as you can.',
      'Tell the designated safeguarding lead (DSL) today.',
    ],
    actionsChecklist: [
      { id: 'recorded_pupil_words', label: "I wrote down the pupil's own words" },
      { id: 'told_dsl_in_person', label: 'I told the DSL in person' },
      { id: 'did_not_investigate', label: 'I did not investigate further myself' },
    ],
  },
  staff_conduct: {
    id: 'staff_conduct',
    label: 'A colleague may have broken the policy',
    covers:
      'I am concerned a member of staff may have breached the social media or acceptable use policy.',
    defaultUrgency: 'high',
    confidential: true,
    speakToDslFirst: false,
    collectsEvidence: true,
    asksThreatsOrHate: false,
    handledBy:
      'Only the headteacher sees the details of this report (if it is about the headteacher, tell the chair of governors instead).',
    guidance: [
      'This report goes to the headteacher only. If your concern is about the headteacher, contact the chair of governors instead.',
      'Stick to facts: what you saw, when and where.',
      'Do not raise it with the colleague or discuss it with other staff.',
      'If a child may be at risk, also tell the DSL in person now.',
    ],
    actionsChecklist: [
      { id: 'kept_evidence', label: 'I kept a record or screenshot' },
      { id: 'told_headteacher', label: 'I told the headteacher in person' },
      { id: 'did_not_discuss', label: 'I have not discussed it with others' },
    ],
  },
  data_breach: {
    id: 'data_breach',
    label: 'Data sent or shared wrongly',
    covers:
      'Personal or confidential data was shared with the wrong people, an email went to the wrong person, or a device was lost.',
    defaultUrgency: 'high',
    confidential: false,
    speakToDslFirst: false,
    collectsEvidence: true,
    asksThreatsOrHate: false,
    handledBy:
      'The senior leadership team and the data protection officer (DPO) review this quickly, because the school may have to tell the ICO within 72 hours.',
    guidance: [
      'Do not forward the data any further.',
      'If an email went to the wrong person, ask them to delete it and tell you they have.',
      "Report it now: the school may have only 72 hours to notify the Information Commissioner's Office (ICO).",
    ],
    actionsChecklist: [
      { id: 'did_not_forward', label: 'I have not forwarded it further' },
      { id: 'asked_recipient_delete', label: 'I asked the recipient to delete it' },
      { id: 'told_sender', label: 'I told the sender' },
      { id: 'reported_lost_device', label: 'I reported the lost device to IT' },
    ],
  },
  media_contact: {
    id: 'media_contact',
    label: 'A journalist contacted me',
    covers: 'A journalist or the media contacted me about the school.',
    defaultUrgency: 'high',
    confidential: false,
    speakToDslFirst: false,
    collectsEvidence: true,
    asksThreatsOrHate: false,
    handledBy: 'The headteacher is told and will decide how the school responds.',
    guidance: [
      'Do not respond or comment, even "off the record".',
      'Tell the headteacher now.',
      'Note who contacted you, how, and what they asked.',
    ],
    actionsChecklist: [
      { id: 'did_not_respond', label: 'I did not respond or comment' },
      { id: 'told_headteacher', label: 'I told the headteacher' },
      { id: 'noted_contact_details', label: 'I noted who contacted me and what they asked' },
    ],
  },
  school_account: {
    id: 'school_account',
    label: 'Abuse on a school social media account',
    covers: "Offensive or abusive comments appeared on one of the school's social media accounts.",
    defaultUrgency: 'normal',
    confidential: false,
    speakToDslFirst: false,
    collectsEvidence: true,
    asksThreatsOrHate: true,
    handledBy: SLT_READS,
    guidance: [
      'Take a screenshot first, before anything is removed.',
      'Then block, report or delete the comment.',
      'Only respond as the school policy says, and never from a personal account.',
    ],
    actionsChecklist: [
      { id: 'took_screenshot', label: 'I took a screenshot' },
      { id: 'removed_comment', label: 'I hid or deleted the comment' },
      { id: 'blocked', label: 'I blocked the account' },
      { id: 'reported_to_platform', label: 'I reported it to the platform' },
    ],
  },
  other: {
    id: 'other',
    label: 'Something else',
    covers: 'Any other online safety or acceptable use concern.',
    defaultUrgency: 'normal',
    confidential: false,
    speakToDslFirst: false,
    collectsEvidence: true,
    asksThreatsOrHate: false,
    handledBy: SLT_READS,
    guidance: [
      'Describe what happened factually.',
      'If a child may be at risk, tell the designated safeguarding lead (DSL) in person as well.',
    ],
    actionsChecklist: [
      { id: 'kept_evidence', label: 'I kept a record or screenshot' },
      { id: 'told_line_manager', label: 'I told my line manager' },
    ],
  },
};

/** Looks up a type; a bad id (e.g. from a tampered card) is a ValidationError, never a blank card. */
export function incidentType(id: IncidentTypeId): IncidentTypeInfo {
  if (!isIncidentTypeId(id)) {
    throw new ValidationError('Please choose one of the listed report types.', {
      type: 'Please choose one of the listed report types.',
    });
  }
  return INCIDENT_TYPES[id];
}

/**
 * Headline of the "Speak to the DSL now" card for urgent types, shown before any form. `dslName`
 * comes from config; without it the wording stays generic rather than naming nobody.
 */
export function speakToDslMessage(dslName?: string): string {
  const name = dslName?.trim();
  const who = name
    ? `the designated safeguarding lead, ${name},`
    : 'the designated safeguarding lead (DSL)';
  return `Speak to ${who} in person now, before you fill in this form. If anyone is in immediate danger, call 999.`;
}
