import type { IncidentTypeId } from '../../../src/core/incidents/incident-types';
import { detectIncident } from '../../../src/core/policy/incident-detector';

// Written for this test, separate from the eval fixtures: each row is how a member of staff might put it.
const incidents: [string, IncidentTypeId][] = [
  ['A year 9 girl added me on Instagram and her mum says it is fine, can I accept?', 'pupil_contact'],
  ['One of my tutees keeps messaging me on Snapchat at night', 'pupil_contact'],
  ['A boy who left last summer and is 18 sent me a friend request', 'pupil_contact'],
  ['A pupil from the secondary school down the road followed me on TikTok', 'pupil_contact'],
  ["A parent found my personal number and has been texting me about her son's detention", 'parent_contact'],
  ['A dad messaged me on Facebook Messenger asking about the trip', 'parent_contact'],
  ['Someone made a fake account pretending to be me and is posting lies', 'online_abuse'],
  ['Parents are slagging me off in a WhatsApp group', 'online_abuse'],
  ["I'm being harassed on Twitter because of a post about the school", 'online_abuse'],
  ['A naked picture of a year 10 pupil is going round and one was shown to me', 'indecent_images'],
  ['I found nudes of a student on a shared laptop', 'indecent_images'],
  ["I'm worried a boy in my class is watching extremist videos and repeating far-right views", 'radicalisation'],
  ['A pupil told me an older man online is asking her to send photos', 'pupil_online_safety'],
  ['A student says she is being cyberbullied in a group chat', 'pupil_online_safety'],
  ['A gambling advert popped up on the whiteboard during my lesson', 'inappropriate_content'],
  ["I think the web filter isn't blocking adult sites on the pupil iPads", 'inappropriate_content'],
  ['A colleague has been posting photos of pupils on her personal Instagram', 'staff_conduct'],
  ['I noticed another teacher is friends with pupils on Facebook', 'staff_conduct'],
  ['I sent the class list with medical notes to the wrong parent by mistake', 'data_breach'],
  ['My laptop with pupil reports on it was stolen from my car', 'data_breach'],
  ['A journalist from the local paper rang me about the incident', 'media_contact'],
  ['There are abusive comments under the school Facebook post about the play', 'school_account'],
];

const questions = [
  'Can I use Facebook at lunch?',
  'Am I allowed to have a TikTok account?',
  'What does the policy say about passwords?',
  'Can I post photos of my holiday?',
  'Should I accept friend requests from other teachers?',
  'Is LinkedIn covered by this policy?',
  'How often is this policy reviewed?',
];

describe('incident type suggested for "Report this"', () => {
  it.each(incidents)('%s -> %s', (question, type) => {
    expect(detectIncident(question)).toBe(type);
  });

  it.each(questions)('no report offered for a rules question: %s', (question) => {
    expect(detectIncident(question)).toBeNull();
  });
});
