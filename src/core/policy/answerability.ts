/**
 * Decides whether the policy answers a question at all. Coverage alone (how much of the question the
 * best sentence matches) cannot tell "What time does school finish on Fridays?" (words the policy
 * happens to use) from "My mate tagged me in something dodgy" (staff words the policy never uses).
 * A small logistic model weighs coverage with what kind of question it is: whether it is about the
 * policy's subject at all (online, devices, accounts, images...), how much of it the knowledge base
 * has never heard of, and whether it describes an incident.
 *
 * The weights are fitted by `npm run --silent fit-answerability` on the project's question sets
 * (class-weighted logistic regression; its leave-one-set-out results are in the README).
 */
import { termOf } from './analyzer';

/** What the policy is about: a question using none of these words is probably about something else. */
const POLICY_SUBJECT_WORDS = (
  'socialmedia online internet web website email emails post posts posted posting account accounts profile ' +
  'app apps message messages messaging chat whatsapp facebook instagram twitter tiktok snapchat youtube ' +
  'linkedin discord device devices phone password passwords login network wifi wireless filter filtering ' +
  'download upload photo photos picture pictures image images video videos camera film filmed share shared ' +
  'sharing comment comments like likes follow follower followers friend friends tag tagged blog forum ' +
  'cyber cyberbullying troll trolling data gdpr screenshot hack hacked virus antivirus usb cloud software ' +
  'digital browse browsing search stream streaming game gaming roblox fortnite minecraft vpn selfie webcam ' +
  'hashtag computer laptop tablet ipad text texting dm folder folders file files onedrive sharepoint page pages ' +
  'unfriend unfollow ' +
  // A question that names the policy is about it ("Will this policy come up in staff meetings?").
  'policy policies'
)
  .split(' ')
  .map((w) => termOf(w))
  .filter((t): t is string => t !== null);

export const POLICY_SUBJECT_TERMS: ReadonlySet<string> = new Set(POLICY_SUBJECT_WORDS);

export interface AnswerabilityFeatures {
  /** 0..1 share of the question the best passage's best sentence matched. */
  coverage: number;
  /** The best passage's ranking score. */
  score: number;
  /** Number of distinct question terms. */
  terms: number;
  /** 0..1 share of the question's weight in words the knowledge base never uses. */
  unseenShare: number;
  /** The question uses at least one word of the policy's subject. */
  onSubject: boolean;
  /** The question describes an incident (a "Report this" type was found). */
  incident: boolean;
}

/** Feature vector in the order of ANSWERABILITY_WEIGHTS (the last entry is the bias). */
export function featureVector(f: AnswerabilityFeatures): number[] {
  return [
    f.coverage,
    f.score,
    Math.log1p(f.terms),
    f.unseenShare,
    f.onSubject ? 1 : 0,
    f.incident ? 1 : 0,
    1,
  ];
}

/** Fitted weights (see the header); regenerate after changing the features or the lexicon. */
export const ANSWERABILITY_WEIGHTS: readonly number[] = [
  1.985, 2.012, 0.617, -2.183, 1.921, 0.977, -3.307,
];

/** 0..1: how likely it is that the policy answers the question. */
export function answerability(
  f: AnswerabilityFeatures,
  weights: readonly number[] = ANSWERABILITY_WEIGHTS,
): number {
  const x = featureVector(f);
  let z = 0;
  for (let i = 0; i < x.length; i++) z += weights[i] * x[i];
  return 1 / (1 + Math.exp(-z));
}
