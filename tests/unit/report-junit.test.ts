import { test, expect } from '@playwright/test';
import { SaxesParser } from 'saxes';
import { caseId, renderJunit, xmlAttr, xmlText } from '../../src/report-files/junit.js';
import { reportDocument } from '../../src/report-files/model.js';
import { redactDeep } from '../../src/token/redact.js';
import { hostileRun, SECRETS } from './report-sample.js';

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Parses with a strict XML 1.0 parser (saxes): any well-formedness error throws. */
function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser();
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  parser.on('error', (err) => {
    throw err;
  });
  parser.on('opentag', (tag) => {
    const el: XmlElement = {
      name: tag.name,
      attributes: tag.attributes as Record<string, string>,
      children: [],
      text: '',
    };
    stack.at(-1)!.children.push(el);
    stack.push(el);
  });
  parser.on('text', (t) => {
    stack.at(-1)!.text += t;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  return root;
}

const find = (el: XmlElement, name: string): XmlElement[] =>
  el.children.flatMap((c) => [...(c.name === name ? [c] : []), ...find(c, name)]);

test('junit.xml parses back: one testcase per case, failures, skips and diagnosis properties', async () => {
  const { input } = await hostileRun();
  const doc = redactDeep(reportDocument(input), SECRETS);
  const xml = renderJunit(doc);
  const root = parseXml(xml);
  const [suites] = find(root, 'testsuites');
  expect(suites!.attributes).toMatchObject({
    tests: '5',
    failures: '2',
    skipped: '1',
    errors: '0',
  });
  const cases = find(root, 'testcase');
  expect(cases.map((c) => c.attributes.name)).toEqual(doc.cases.map((c) => c.name));
  // The case name with `<script>` round-trips as text.
  expect(cases[1]!.attributes.name).toContain('<script>window.__pwned = 1</script>');

  const [failing] = cases.filter(
    (c) =>
      c.attributes.classname === 'missing-claim-email' &&
      c.attributes.file === 'cases/missing-claim-email.yaml',
  );
  const failure = find(failing!, 'failure')[0]!;
  expect(failure.attributes.message).toContain('outcome: expected accepted, observed rejected');
  expect(failure.text).toContain('outcome: expected accepted, observed rejected');
  const props = find(failing!, 'property').filter((p) => p.attributes.name === 'diagnosis');
  expect(props.map((p) => p.attributes.value)).toEqual(
    doc.cases[1]!.observed!.diagnosis.map((d) => d.code),
  );
  expect(props.length).toBeGreaterThan(0);
  expect(find(failing!, 'system-out')[0]!.text).toContain('fix: ');

  const skipped = cases.find(
    (c) => c.attributes.classname === 'default' && c.attributes.file === 'cases/okta/default.yaml',
  )!;
  expect(find(skipped, 'skipped')[0]!.attributes.message).toContain('OKTA_DOMAIN is not set');
  expect(find(skipped, 'failure')).toHaveLength(0);

  const passing = cases.find((c) => c.attributes.name?.startsWith('Accepted'))!;
  expect(find(passing, 'failure')).toHaveLength(0);
  expect(passing.attributes.time).toBe('0.456');

  // Control characters and `]]>` in a mismatch are escaped, not written raw.
  const died = cases.find((c) => c.attributes.name === 'Sign-in timed out')!;
  const diedFailure = find(died, 'failure')[0]!;
  expect(diedFailure.attributes.message).toContain('\\u0000\\u001b[31m]]>');
  expect(xml).not.toContain(']]>');
  // eslint-disable-next-line no-control-regex
  expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
});

test('xml escaping keeps markup, quotes, newlines and forbidden characters out of the document', () => {
  expect(xmlText('a < b && c > d ]]>')).toBe('a &lt; b &amp;&amp; c &gt; d ]]&gt;');
  expect(xmlAttr('say "hi"\n\'x\'\t')).toBe('say &quot;hi&quot;&#10;&apos;x&apos;&#9;');
  expect(xmlText('bell\u0007 nul\u0000 \uFFFE lone \uD800 pair \uD83D\uDE00')).toBe(
    'bell\\u0007 nul\\u0000 \\ufffe lone \\ud800 pair \uD83D\uDE00',
  );
  // The parser itself is strict: a raw control character is rejected.
  expect(() => parseXml('<a>\u0001</a>')).toThrow();
  expect(() =>
    parseXml(`<a b="${xmlAttr('<"&\u0001')}">${xmlText('<\u0002]]>')}</a>`),
  ).not.toThrow();
});

test('the classname is the case id without a dot (Jenkins splits at the last one)', () => {
  expect(caseId('cases/missing-claim-email.yaml')).toBe('missing-claim-email');
  expect(caseId('cases\\real-sp\\v1.2.passport.json')).toBe('v1_2_passport');
});
