import { PolicyLibrary, parsePolicyDocument } from '../../src/core/policy';
import { staticPolicySource, type PolicySource } from '../../src/teams/policy-source';

/** A small staff social media policy in the shape schools write them (numbered clauses, review box). */
export const SOCIAL_MEDIA_POLICY = `Staff Social Media Policy

Last reviewed: 14/11/2024
Next review date: 31/08/2026

1.0 Introduction

1.1 This policy sets out the standards expected of all employees, volunteers and casual workers when they use social media and internet based platforms.

1.2 Social media includes Facebook, Instagram, Snapchat, TikTok, X, LinkedIn, WhatsApp groups, online gaming platforms and video sharing sites such as YouTube.

2.0 Contact with pupils

2.1 Employees must not accept friend requests or follow requests from current pupils on any social media site or app, and must not communicate with pupils through personal accounts or personal email. Employees should alert the headteacher if they receive any such request from a pupil.

2.2 Employees should not accept friend or follow requests from former pupils while they are under the age of nineteen.

3.0 Contact with parents

3.1 Employees should not accept friend requests from parents or carers of pupils at the school, unless there is a pre-existing relationship that has been declared to the headteacher. Any communication with parents about school matters must use the school email system.

4.0 Personal use during the working day

4.1 Employees may use their own devices to access social media only during breaks and lunchtimes, away from pupils, and never in classrooms while pupils are present.

5.0 Online abuse of staff

5.1 If an employee is the target of abusive, threatening or defamatory comments online, they should not respond, keep screenshots with the date and time, and report it to the headteacher as soon as possible. The school will support the employee and may contact the platform or the police.

6.0 Photographs and videos

6.1 Employees must not post photographs or videos of pupils on personal social media accounts. Images of pupils may only be shared on the school's official accounts where parental consent has been recorded.
`;

export const FIXTURE_FILE = 'staff-social-media-policy.md';

export function fixtureLibrary(text = SOCIAL_MEDIA_POLICY, fileName = FIXTURE_FILE): PolicyLibrary {
  return PolicyLibrary.build([parsePolicyDocument(fileName, text)]);
}

export function fixturePolicies(): PolicySource {
  return staticPolicySource(fixtureLibrary());
}
