/**
 * JUnit XML for CI (issue item 4): one `<testcase>` per case; a failed case's `<failure>` message
 * is its mismatches, its `<properties>` carry the diagnosis codes; a skipped case says why.
 * Every value is escaped for XML 1.0, so a claim or an SP body can never break the document.
 */
import type { ReportDocument, ReportCase } from './model.js';
import { statusOf } from './model.js';

/**
 * Characters XML 1.0 forbids anywhere (§2.2 Char): C0 controls but tab, LF and CR; U+FFFE/FFFF;
 * lone surrogates. They are written as a visible `\uXXXX` instead of being dropped silently.
 */
const NOT_XML_CHAR =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function visible(text: string): string {
  return text.replace(NOT_XML_CHAR, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text content: `&`, `<`, `>` escaped, so `]]>` can never appear literally either. */
export function xmlText(value: unknown): string {
  return visible(String(value ?? ''))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** An attribute value (double-quoted): also quotes and line breaks, which attributes normalise. */
export function xmlAttr(value: unknown): string {
  return xmlText(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** `cases/real-sp/passport-expired.yaml` → `passport-expired`, with any other dot made `_`. */
export function caseId(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.(ya?ml|json)$/i, '').replace(/\./g, '_') || 'case';
}

const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);

function properties(c: ReportCase): string[] {
  const props: Array<[string, string]> = [
    ['file', c.file],
    ['expected.outcome', c.expected.outcome],
  ];
  for (const code of c.expected.diagnosis ?? []) props.push(['expected.diagnosis', code]);
  if (c.observed) {
    props.push(['observed.outcome', c.observed.outcome]);
    if (c.observed.status !== undefined) props.push(['observed.status', String(c.observed.status)]);
    for (const d of c.observed.diagnosis) props.push(['diagnosis', d.code]);
  }
  return [
    '      <properties>',
    ...props.map(([n, v]) => `        <property name="${xmlAttr(n)}" value="${xmlAttr(v)}"/>`),
    '      </properties>',
  ];
}

/** What a CI log shows beside the case: each diagnosis' summary and fix. */
function systemOut(c: ReportCase): string[] {
  const diagnoses = c.observed?.diagnosis ?? [];
  if (diagnoses.length === 0) return [];
  const text = diagnoses.map((d) => `${d.code}: ${d.summary}\n  fix: ${d.fix}`).join('\n');
  return [`      <system-out>${xmlText(text)}</system-out>`];
}

function testcase(c: ReportCase): string[] {
  const status = statusOf(c);
  // Jenkins splits a classname at its last dot into package and class: the case id (the file's
  // name without folder or extension) has none, and the file itself is an attribute.
  const open = `    <testcase name="${xmlAttr(c.name)}" classname="${xmlAttr(caseId(c.file))}" file="${xmlAttr(c.file)}" time="${seconds(c.durationMs)}">`;
  const body = [...properties(c)];
  if (status === 'skipped') {
    body.push(`      <skipped message="${xmlAttr(c.skipped ?? 'skipped')}"/>`);
  } else if (status === 'failed') {
    const lines = c.mismatches?.length
      ? c.mismatches
      : ['the case did not observe what it expected'];
    body.push(
      `      <failure message="${xmlAttr(lines.join('; '))}" type="mismatch">${xmlText(lines.join('\n'))}</failure>`,
    );
  }
  body.push(...systemOut(c));
  return [open, ...body, '    </testcase>'];
}

/** The whole JUnit document of a run. */
export function renderJunit(doc: ReportDocument): string {
  const tests = doc.cases.length;
  const time = seconds(doc.durationMs);
  const counts = `tests="${tests}" failures="${doc.failed}" errors="0" skipped="${doc.skipped}" time="${time}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlAttr(doc.tool.name)}" ${counts}>`,
    `  <testsuite name="${xmlAttr(doc.tool.name)}" ${counts} timestamp="${xmlAttr(doc.startedAt)}">`,
    ...doc.cases.flatMap(testcase),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
