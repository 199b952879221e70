import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ValidationError } from '../../../src/core/errors';
import { parsePolicyDocument } from '../../../src/core/policy/sectioning';

const fixture = (name: string) =>
  readFileSync(path.join(__dirname, '../../fixtures/policies', name), 'utf8');
const bySection = (doc: ReturnType<typeof parsePolicyDocument>, section: string) =>
  doc.passages.find((p) => p.section === section);

describe('sectioning a Word export with numbered clauses and bookmark tags', () => {
  const doc = parsePolicyDocument('numbered.txt', fixture('numbered-with-bookmarks.txt'));

  it('takes the policy title, not the school name above it', () => {
    expect(doc.title).toBe('Online Conduct and Internet Use Policy');
  });

  it('gives each numbered clause its own passage with number and heading', () => {
    expect(doc.passages.map((p) => p.section).filter(Boolean)).toEqual([
      '1.1', '1.2', '2.1', '2.2', '3.1', '3.2', '4.1',
    ]);
    expect(bySection(doc, '2.1')?.heading).toBe('Contact with pupils');
  });

  it('removes bookmark tags and markdown emphasis', () => {
    const all = doc.passages.map((p) => `${p.heading} ${p.text}`).join('\n');
    expect(all).not.toMatch(/_Toc|<a |\{#|\*\*/);
    expect(bySection(doc, '2.1')?.text).toMatch(/^Employees must not accept friend or follow requests/);
  });

  it('re-joins sentences the export broke across lines, even over a blank line', () => {
    expect(bySection(doc, '1.2')?.text).toContain('made with Google Meet or Zoom.');
    expect(bySection(doc, '4.1')?.text).toContain('tell the DSL and the network manager straight away.');
  });

  it('keeps a bullet list with its lead-in sentence, including a wrapped bullet', () => {
    const p = bySection(doc, '3.1');
    expect(p?.text.split('\n')[0]).toBe('On personal social media accounts, employees must not:');
    expect(p?.text).toContain('- criticise colleagues, parents or pupils, even in private groups');
    expect(p?.text).toContain('- use an alias account to get around this policy');
  });

  it('turns the tab-flattened header table into readable metadata', () => {
    const header = doc.passages[0];
    expect(header.metadata).toBe(true);
    expect(header.text).toContain('Reviewed by the Headteacher: 03/10/2024');
  });
});

describe('sectioning Roman-numbered sub-clauses', () => {
  const doc = parsePolicyDocument('roman.txt', fixture('roman-clauses.txt'));

  it('numbers Roman clauses under their section and lettered items under sub-headings', () => {
    expect(doc.passages.map((p) => p.section).filter(Boolean)).toEqual([
      '1.i', '1.ii', '2.i.a', '2.i.b', '2.ii.a', '2.iii', '3.xiv', '3.xv',
    ]);
    expect(bySection(doc, '2.i.a')?.heading).toBe('Cyberbullying');
    expect(bySection(doc, '2.ii.a')?.heading).toBe('Trolling');
  });

  it('leaves the contents table out of the passages', () => {
    expect(doc.passages.some((p) => /Paragraph|Page/.test(p.text))).toBe(false);
  });

  it('keeps lettered list items a) b) with the clause that introduces them', () => {
    expect(bySection(doc, '3.xv')?.text).toBe(
      'Defamatory posts can:\n  - expose a person to hatred or contempt;\n  - lower their standing in the community.',
    );
  });
});

describe('sectioning unnumbered headings and Word symbol bullets', () => {
  const doc = parsePolicyDocument('unnumbered.txt', fixture('unnumbered-headings.txt'));

  it('uses headings without numbers as section headings', () => {
    expect(doc.passages.map((p) => p.heading)).toEqual([
      'Purpose',
      'Network manager',
      'Staff',
      'Monitoring',
      'A parent adds you on social media',
      'Someone is harassing you online',
    ]);
    expect(doc.passages.every((p) => p.section === null)).toBe(true);
  });

  it('turns symbol bullets into list items and strips [bookmark: ...] tags', () => {
    const staff = doc.passages.find((p) => p.heading === 'Staff');
    expect(staff?.text).toBe(
      '- Lock the screen when leaving a computer unattended.\n- Report lost laptops or USB sticks to the office on the same day.',
    );
  });

  it('does not glue a heading onto the bullet above it', () => {
    const parent = doc.passages.find((p) => p.heading === 'A parent adds you on social media');
    expect(parent?.text).not.toContain('harassing');
  });

  it('gives passages stable ids and positions in reading order', () => {
    doc.passages.forEach((p, i) => {
      expect(p.position).toBe(i);
      expect(p.id).toBe(`unnumbered.txt#${i}`);
      expect(p.documentTitle).toBe('Acceptable Use Agreement for Staff');
    });
  });
});

describe('sectioning the shipped markdown sample', () => {
  const doc = parsePolicyDocument(
    'sample.md',
    readFileSync(path.join(__dirname, '../../../policies/staff-social-media-and-acceptable-use-policy.md'), 'utf8'),
  );

  it('reads markdown headings and numbered clauses', () => {
    expect(doc.title).toBe('Staff Social Media and Acceptable Use Policy');
    expect(bySection(doc, '3.2')?.heading).toBe('Pupils and former pupils');
    expect(doc.passages.filter((p) => p.section).length).toBeGreaterThanOrEqual(30);
  });
});

describe('bad input', () => {
  it.each(['', '   \n\n  '])('rejects an empty document with a polite message', (raw) => {
    expect(() => parsePolicyDocument('empty.txt', raw)).toThrow(ValidationError);
    try {
      parsePolicyDocument('empty.txt', raw);
    } catch (err) {
      expect((err as ValidationError).userMessage).toContain('empty.txt');
    }
  });
});
