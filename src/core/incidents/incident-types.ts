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
}
