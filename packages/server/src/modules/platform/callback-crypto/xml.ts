/**
 * Just enough XML for WeCom's flat callback documents: `<xml>` holding child elements whose text is
 * CDATA or plain text (with the five predefined entities and character references). Only the
 * direct children of `<xml>` are read, so a text message whose Content *contains* `<EventKey>` cannot
 * pass for an event. No DTDs, processing instructions inside, comments or namespaces: a document
 * that needs them is not a WeCom callback and is refused (undefined), never half-read.
 */

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeText(text: string): string | undefined {
  let bad = false;
  const out = text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (whole, ref: string | undefined) => {
    if (!ref) {
      bad = true;
      return whole;
    }
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      if (!Number.isInteger(code) || code < 1 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        bad = true;
        return whole;
      }
      return String.fromCodePoint(code);
    }
    const value = ENTITIES[ref];
    if (value === undefined) bad = true;
    return value ?? whole;
  });
  return bad ? undefined : out;
}

/** A child of `<xml>`: its text, or `null` when it holds elements (e.g. WeCom's SelectedItems). */
export type XmlFields = ReadonlyMap<string, string | null>;

const NAME = /[A-Za-z_][A-Za-z0-9_.-]*/y;

function readName(xml: string, at: number): { name: string; end: number } | undefined {
  NAME.lastIndex = at;
  const m = NAME.exec(xml);
  return m ? { name: m[0], end: at + m[0].length } : undefined;
}

/**
 * Reads the content of an element whose start tag ended at `at`, up to its `</name>`. Returns the
 * text (null when elements are nested inside) and the index after the end tag.
 */
function readContent(
  xml: string,
  at: number,
  name: string,
): { value: string | null; end: number } | undefined {
  const parts: { cdata: boolean; text: string }[] = [];
  let nested = false;
  let depth = 0;
  let i = at;
  while (i < xml.length) {
    if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i + 9);
      if (end === -1) return undefined;
      if (depth === 0) parts.push({ cdata: true, text: xml.slice(i + 9, end) });
      i = end + 3;
    } else if (xml.startsWith('</', i)) {
      const tag = readName(xml, i + 2);
      if (!tag || xml[tag.end] !== '>') return undefined;
      if (depth === 0) {
        if (tag.name !== name) return undefined;
        if (nested) return { value: null, end: tag.end + 1 };
        const hasCdata = parts.some((p) => p.cdata);
        let value = '';
        for (const part of parts) {
          if (part.cdata) value += part.text;
          // Whitespace around a CDATA section is formatting (WeCom's samples indent), not content.
          else if (!(hasCdata && part.text.trim() === '')) {
            const decoded = decodeText(part.text);
            if (decoded === undefined) return undefined;
            value += decoded;
          }
        }
        return { value, end: tag.end + 1 };
      }
      depth--;
      i = tag.end + 1;
    } else if (xml[i] === '<') {
      const tag = readName(xml, i + 1);
      if (!tag) return undefined;
      const close = xml.indexOf('>', tag.end);
      if (close === -1 || /[<]/.test(xml.slice(tag.end, close))) return undefined;
      nested = true;
      if (xml[close - 1] !== '/') depth++;
      i = close + 1;
    } else {
      const next = xml.indexOf('<', i);
      if (next === -1) return undefined;
      if (depth === 0) parts.push({ cdata: false, text: xml.slice(i, next) });
      i = next;
    }
  }
  return undefined;
}

/**
 * The direct children of the root `<xml>` element, by name. Undefined when the document is not a
 * flat `<xml>…</xml>` or names a child twice (an ambiguous document is not guessed at).
 */
export function parseXmlFields(xml: string): XmlFields | undefined {
  let i = 0;
  const skipSpace = () => {
    while (i < xml.length && /\s/.test(xml[i]!)) i++;
  };
  skipSpace();
  if (xml.startsWith('<?xml', i)) {
    const end = xml.indexOf('?>', i);
    if (end === -1) return undefined;
    i = end + 2;
    skipSpace();
  }
  if (!xml.startsWith('<xml>', i)) return undefined;
  i += 5;
  const fields = new Map<string, string | null>();
  for (;;) {
    skipSpace();
    if (xml.startsWith('</xml>', i)) {
      i += 6;
      skipSpace();
      return i === xml.length ? fields : undefined;
    }
    if (xml[i] !== '<') return undefined;
    const tag = readName(xml, i + 1);
    if (!tag) return undefined;
    let value: string | null;
    if (xml.startsWith('/>', tag.end)) {
      value = '';
      i = tag.end + 2;
    } else if (xml[tag.end] === '>') {
      const content = readContent(xml, tag.end + 1, tag.name);
      if (!content) return undefined;
      value = content.value;
      i = content.end;
    } else {
      return undefined;
    }
    if (fields.has(tag.name)) return undefined;
    fields.set(tag.name, value);
  }
}

/** A CDATA section holding `text` exactly, split where the text itself contains `]]>`. */
export function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}
