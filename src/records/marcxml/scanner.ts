/**
 * Fast path for the common MARCXML shape: a `collection` (or a single `record`) root
 * holding records of leader/controlfield/datafield/subfield, any prefix, any attribute
 * order. It walks the string with indexOf/charCodeAt and builds MarcRecords directly,
 * about three times faster than saxes + collector.
 *
 * It never reports an error itself: whatever it is not sure about (malformed XML, DOCTYPE,
 * an element it does not know, a missing tag attribute, a container namespace) throws
 * FALLBACK, and the caller hands the document to the saxes reader, whose behaviour is the
 * spec. So the scanner only has to reject everything saxes would reject or read
 * differently; rejecting more than needed merely costs speed.
 */
import type { DataField, MarcField, MarcRecord, Subfield } from '../marc.ts';
import { ownCopy } from '../own-copy.ts';
import { BLANK_LEADER, CONTAINER_NAMESPACES, nfc } from './collector.ts';
import { latin1Utf8All, latin1Utf8Checked, latin1Utf8Counts, latin1Utf8Nfc, skipLatin1Utf8, unitsSaved } from './latin1-utf8.ts';
import { FALLBACK, checkChars, checkControls, checkLatin1Chars, decodeAttribute, decodeText, raw, type CharCheck } from './scan-text.ts';

export { ScanFallback } from './scan-text.ts';

/** Input ends before the current unit does (streaming: wait for more). */
class NeedMore extends Error {}
const MORE = new NeedMore('more input needed');

/** A plain XML 1.0 declaration; anything fancier (1.1 changes the character rules) falls back. */
const XML_DECL = /<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.0\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\3)?[ \t\r\n]*\?>/y;
const XML_DECL_START = /^<\?xml[ \t\r\n]/;

// Character classes live here, not in scan-text.ts: under tsx imported functions are
// called through getters, which stops V8 inlining them in the hot loops.
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** ASCII subset of NameStartChar (no colon: prefixes are handled by the caller). */
function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Missing or empty indicator = blank (collector.ts indicator). */
function indicatorAt(s: string, from: number, to: number): string {
  return to === from ? ' ' : to === from + 1 ? s.charAt(from) : s.slice(from, to);
}

/** Three-digit tags, shared by every field that has one. */
const TAGS: (string | undefined)[] = new Array<string | undefined>(1000);

/**
 * Characters a value can hold with nothing to decode or check: printable ASCII and tab and
 * LF (no `&`, no `<`, no CR, no other C0 control, nothing ≥ 0x80).
 */
const PLAIN = '[\\t\\n\\x20-\\x25\\x27-\\x3b\\x3d-\\x7f]*';
/** An attribute value's character with nothing to decode or normalize (printable ASCII but `"`, `&` and `<`; plainAttribute). */
const ATTRIBUTE = '[\\x20\\x21\\x23-\\x25\\x27-\\x3b\\x3d-\\x7e]';
/** Longest markup between subfields that quickSubfield learns (sizes the expressions it keeps). */
const MAX_LEARNT_MARKUP = 256;
/** Sticky expressions by source, shared by all scanners (see sticky). */
const STICKY = new Map<string, RegExp>();

/** What quickSubfield read: nothing, some subfields, or the rest of the field with its end tag. */
const enum Quick { None, Some, Field }

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** A sticky expression for `source`, kept: documents have one or two shapes. */
function sticky(source: string): RegExp {
  let expression = STICKY.get(source);
  if (expression === undefined) {
    // Markup is a few tags and their indentation; odd documents could vary it endlessly.
    if (STICKY.size >= 64) STICKY.clear();
    expression = new RegExp(source, 'y');
    STICKY.set(source, expression);
  }
  return expression;
}

/** A plain value (if `plain`), then either markup (either may be unknown yet: ''). */
function plainThen(between: string, after: string, plain: boolean): RegExp {
  const either = [between, after].filter((markup) => markup !== '').map(escapeRegExp);
  return sticky(`${plain ? PLAIN : ''}(?:${either.join('|')})`);
}

/**
 * Kept per document shape, as the expressions are: every record of an SRU answer is read by a
 * scanner of its own, which built each expression's source (escaping, joining, a Map lookup on
 * the whole source) again for every record.
 */
const LEARNT = new Map<string, Map<string, { run: RegExp; markup: RegExp }>>();
let learntCount = 0;

/** plainThen's two expressions (with and without the plain value) for one learnt pair of markup. */
function learntExpressions(between: string, after: string): { run: RegExp; markup: RegExp } {
  let byAfter = LEARNT.get(between);
  let learnt = byAfter?.get(after);
  if (learnt === undefined) {
    // Bounded as the expressions are (sticky).
    if (learntCount >= 64) {
      LEARNT.clear();
      learntCount = 0;
      byAfter = undefined;
    }
    learnt = { run: plainThen(between, after, true), markup: plainThen(between, after, false) };
    // The markup was read out of a document: as keys of this module-wide map, copies, not views that keep the document.
    if (byAfter === undefined) LEARNT.set(ownCopy(between), (byAfter = new Map()));
    byAfter.set(ownCopy(after), learnt);
    learntCount += 1;
  }
  return learnt;
}

/** The quick paths' tags and expressions for one element prefix (`` or `p:`). */
interface QuickTagSet {
  open: string;
  close: string;
  data: string;
  dataClose: string;
  control: string;
  controlClose: string;
  leader: string;
  leaderClose: string;
  controlWhole: RegExp;
  subfieldOpen: RegExp;
  dataOpen: RegExp;
}

/** By prefix, made once (see LEARNT); odd documents could vary prefixes endlessly, so bounded. */
const QUICK_TAGS = new Map<string, QuickTagSet>();

function quickTagSet(prefix: string): QuickTagSet {
  let tags = QUICK_TAGS.get(prefix);
  if (tags === undefined) {
    if (QUICK_TAGS.size >= 64) QUICK_TAGS.clear();
    // Read out of a document, as LEARNT's markup: kept here (and in the tags made of it), a copy.
    prefix = ownCopy(prefix);
    const p = escapeRegExp(prefix);
    tags = {
      open: `<${prefix}subfield code="`,
      close: `</${prefix}subfield>`,
      data: `<${prefix}datafield tag="`,
      dataClose: `</${prefix}datafield>`,
      control: `<${prefix}controlfield tag="`,
      controlClose: `</${prefix}controlfield>`,
      leader: `<${prefix}leader>`,
      leaderClose: `</${prefix}leader>`,
      controlWhole: sticky(`[ \\t\\n]*<${p}controlfield tag="${ATTRIBUTE}{3}">${PLAIN}<\\/${p}controlfield>`),
      subfieldOpen: sticky(`[ \\t\\n]*<${p}subfield code="`),
      dataOpen: sticky(`[ \\t\\n]*<${p}datafield tag="${ATTRIBUTE}{3}" ind1="${ATTRIBUTE}" ind2="${ATTRIBUTE}">`),
    };
    QUICK_TAGS.set(prefix, tags);
  }
  return tags;
}

const enum Phase { Prolog, Content, Epilog }
const enum Kind { Other, Leader, Control, Data, Subfield, Record }

export class MarcXmlScanner {
  private s = '';
  private end = 0;
  private final = false;
  /** Current position while scanning. */
  private p = 0;
  private readonly flags: CharCheck = { cr: false, cdataEnd: false, latin1Utf8: false };
  private phase = Phase.Prolog;
  /** Qualified name of the collection root (for its end tag). */
  private rootName = '';
  private rootScope: Map<string, string> | undefined;
  /** Attribute name/value pairs of the last start tag. */
  private readonly attrs: string[] = [];
  /**
   * A data field's subfields are collected here and copied out at their exact number: an array
   * grown by push from [] holds 17 slots for the usual two or three subfields, and the records
   * are kept (result sets), so every field carried ~120 bytes of empty slots into the old space.
   */
  private readonly subfieldScratch: Subfield[] = [];
  private subfieldCount = 0;
  private nameStart = 0;
  private nameEnd = 0;
  /** Prefix (with its colon) of the elements the quick paths expect, and their tags. */
  private quickPrefix: string | undefined;
  private quickOpen = '';
  private quickClose = '';
  private quickData = '';
  private quickDataClose = '';
  /** Whitespace and a data field's start tag with a three-character tag and one-character indicators. */
  private dataOpen: RegExp | undefined;
  /** Whitespace and a subfield's start tag up to its code. */
  private subfieldOpen: RegExp | undefined;
  /** Whitespace and a control field with a three-character tag and a plain value. */
  private controlWhole: RegExp | undefined;
  private quickControl = '';
  private quickControlClose = '';
  private quickLeader = '';
  private quickLeaderClose = '';
  /** Markup between two quick subfields and after the last one (to the field's end tag), as last seen, and a plain value followed by either (quickSubfield). */
  private betweenSubfields = '';
  private afterSubfields = '';
  private subfieldRun: RegExp | undefined;
  /** The same markup alone. */
  private subfieldMarkup: RegExp | undefined;
  /** plainText() saw a character ≥ 0x80. */
  private high = false;
  /** Colon of the last name, -1 if none. */
  private colon = -1;
  /** Next `&` at or after the scan position (Infinity: none); saves a rescan per text. */
  private amp = 0;
  private selfClosing = false;
  /** Resume position in the current text. */
  private pos = 0;
  /** Characters checked so far (see checkChars). */
  private checked = 0;
  /** Last position inside the collection where the text can be cut (after its start tag or a record). */
  boundary = 0;
  /** Records started so far, and up to `boundary` (saxes counts them for error positions). */
  private started = 0;
  startedAtBoundary = 0;
  /** Records returned that lie after `boundary` (a single-record root). */
  afterBoundary = 0;
  /** Latin-1 UTF-8 input: units the text up to `boundary` is shorter than its bytes (since the last takeSaved). */
  private savedAtBoundary = 0;
  /** Text from the document start to the end of the collection start tag. */
  prolog: string | undefined;

  /**
   * Scans `s` (the text after the last cut) from where the last run stopped; returns the
   * records completed. Stops quietly where input runs out unless `final`. Throws ScanFallback.
   */
  run(s: string, final: boolean): MarcRecord[] {
    this.s = s;
    this.end = s.length;
    this.final = final;
    this.checked = this.flags.latin1Utf8 ? checkLatin1Chars(s, this.checked, this.flags) : checkChars(s, this.checked, final, this.flags);
    this.amp = -1;
    const out: MarcRecord[] = [];
    let mark = unitsSaved();
    try {
      if (this.phase === Phase.Prolog) {
        this.prologue(out);
        mark = unitsSaved();
      }
      while (this.phase === Phase.Content) {
        this.p = this.pos;
        this.misc();
        const record = this.record(true);
        if (record === undefined) {
          this.endTagOf(this.rootName);
          this.phase = Phase.Epilog;
          this.pos = this.p;
          break;
        }
        this.started++;
        if (record !== null) out.push(record);
        this.pos = this.boundary = this.p;
        this.startedAtBoundary = this.started;
        this.savedAtBoundary += unitsSaved() - mark;
        mark = unitsSaved();
      }
      this.p = this.pos;
      this.misc();
      // Only misc may follow the root; misc() stops short of anything else.
      if (this.p < this.end) throw FALLBACK;
    } catch (error) {
      if (!(error instanceof NeedMore)) throw error;
    }
    return out;
  }

  /** The text is UTF-8 bytes as Latin-1 characters from here on (see latin1-utf8.ts). */
  readLatin1Utf8(): void {
    this.flags.latin1Utf8 = true;
  }

  /**
   * The caller turned the unread text `s` (Latin-1 UTF-8 bytes) into the text it encodes:
   * positions move with it, and the characters are checked again.
   */
  readText(s: string): void {
    if (!this.flags.latin1Utf8) return;
    this.flags.latin1Utf8 = false;
    this.pos = latin1Utf8Counts(s, 0, this.pos).units;
    this.boundary = latin1Utf8Counts(s, 0, this.boundary).units;
    this.checked = 0;
    this.savedAtBoundary = 0;
    if (this.prolog !== undefined) this.prolog = latin1Utf8All(this.prolog);
  }

  /** The text scanned so far may hold a CR (none was seen where the characters were checked). */
  get crSeen(): boolean {
    return this.flags.cr;
  }

  /** See savedAtBoundary; the caller takes it with each cut. */
  takeSaved(): number {
    const saved = this.savedAtBoundary;
    this.savedAtBoundary = 0;
    return saved;
  }

  /** The caller dropped the first `cut` characters of the text. */
  rebase(cut: number): void {
    this.pos -= cut;
    this.boundary -= cut;
    this.checked -= cut;
  }

  private more(at: number): never {
    throw at >= this.end && !this.final ? MORE : FALLBACK;
  }

  private prologue(out: MarcRecord[]): void {
    const { s } = this;
    this.p = 0;
    if (XML_DECL_START.test(s)) {
      XML_DECL.lastIndex = 0;
      if (!XML_DECL.test(s)) this.more(s.includes('?>') ? 0 : this.end);
      this.p = XML_DECL.lastIndex;
    }
    this.misc();
    if (this.p >= this.end) this.more(this.p);
    const rootAt = this.p;
    this.startTag();
    const kind = this.localKind();
    if (kind === Kind.Record) {
      // A single-record document: read whole; nothing can be cut before it ends.
      this.p = rootAt;
      const record = this.record(false);
      this.started++;
      if (record) {
        out.push(record);
        this.afterBoundary = 1;
      }
      this.phase = Phase.Epilog;
    } else if (kind === Kind.Other && this.isLocal('collection')) {
      this.rootName = s.slice(this.nameStart, this.nameEnd);
      this.rootScope = this.scope(undefined);
      this.prolog = s.slice(0, this.p);
      if (this.selfClosing) this.phase = Phase.Epilog;
      else {
        this.phase = Phase.Content;
        this.boundary = this.p;
      }
    } else {
      throw FALLBACK;
    }
    this.pos = this.p;
  }

  /** Whitespace, comments and processing instructions. */
  private misc(): void {
    const { s, end } = this;
    for (;;) {
      while (this.p < end && isSpace(s.charCodeAt(this.p))) this.p++;
      if (s.charCodeAt(this.p) !== 0x3c) return;
      const c = s.charCodeAt(this.p + 1);
      if (c === 0x21) this.comment();
      else if (c === 0x3f) this.pi();
      else if (this.p + 1 >= end) this.more(end);
      else return;
    }
  }

  private comment(): void {
    const { s } = this;
    if (!s.startsWith('<!--', this.p)) this.more(this.p + Math.min(4, this.end - this.p));
    const close = s.indexOf('--', this.p + 4);
    if (close < 0) this.more(this.end);
    if (s.charCodeAt(close + 2) !== 0x3e) this.more(close + 2);
    if (this.flags.latin1Utf8) {
      checkControls(s, this.p, close);
      skipLatin1Utf8(s, this.p, close + 3);
    }
    this.p = close + 3;
  }

  private pi(): void {
    const { s } = this;
    let i = this.p + 2;
    if (!isNameStart(s.charCodeAt(i))) this.more(i);
    while (isNameChar(s.charCodeAt(i))) i++;
    if (i >= this.end) this.more(i);
    // `xml…` targets are reserved (a late XML declaration is an error); colons upset namespaces.
    const target = s.slice(this.p + 2, i);
    if (target.toLowerCase().startsWith('xml') || target.includes(':')) throw FALLBACK;
    if (!isSpace(s.charCodeAt(i)) && s.charCodeAt(i) !== 0x3f) this.more(i);
    const close = s.indexOf('?>', i);
    if (close < 0) this.more(this.end);
    if (this.flags.latin1Utf8) {
      checkControls(s, i, close);
      skipLatin1Utf8(s, this.p, close + 2);
    }
    this.p = close + 2;
  }

  /**
   * One record starting at `p` (after misc). Returns undefined at an end tag (the
   * collection's), null for an empty record element (not a MARC record).
   */
  private record(inCollection: boolean): MarcRecord | null | undefined {
    const { s } = this;
    if (s.charCodeAt(this.p) !== 0x3c) this.more(this.p);
    if (s.charCodeAt(this.p + 1) === 0x2f && inCollection) return undefined;
    this.startTag();
    if (this.localKind() !== Kind.Record) throw FALLBACK;
    const nameStart = this.nameStart;
    const nameEnd = this.nameEnd;
    const prefix = this.colon < 0 ? '' : s.slice(nameStart, this.colon);
    const scope = this.scope(this.rootScope);
    if (CONTAINER_NAMESPACES.has(scope?.get(prefix) ?? '')) throw FALLBACK;
    if (this.selfClosing) return null;
    let leader: string | undefined;
    const fields: MarcField[] = [];
    const quick = !this.flags.cdataEnd;
    if (quick) this.quickTags(this.colon < 0 ? '' : s.slice(nameStart, this.colon + 1));
    for (;;) {
      if (quick && (this.quickDatafieldOpen(fields) || this.quickControlfieldWhole(fields))) continue;
      this.misc();
      if (s.charCodeAt(this.p) !== 0x3c) this.more(this.p);
      if (s.charCodeAt(this.p + 1) === 0x2f) break;
      if (quick) {
        if (this.quickDatafield(fields)) continue;
        if (this.quickControlfield(fields)) continue;
        if (leader === undefined) {
          const quickLeader = this.quickLeaderValue();
          if (quickLeader !== undefined) {
            leader = quickLeader;
            continue;
          }
        }
      }
      this.startTag();
      const kind = this.localKind();
      if (kind === Kind.Leader) {
        leader = this.selfClosing ? '' : this.content();
      } else if (kind === Kind.Control) {
        const tag = this.attr('tag');
        if (tag === undefined) throw FALLBACK;
        fields.push({ tag, value: this.selfClosing ? '' : nfc(this.content()) });
      } else if (kind === Kind.Data) {
        const tag = this.attr('tag');
        if (tag === undefined) throw FALLBACK;
        const ind1 = this.attr('ind1');
        const ind2 = this.attr('ind2');
        const field: DataField = { tag, ind1: ind1 === undefined || ind1 === '' ? ' ' : ind1, ind2: ind2 === undefined || ind2 === '' ? ' ' : ind2, subfields: [] };
        fields.push(field);
        if (!this.selfClosing) this.subfields(field);
      } else {
        throw FALLBACK;
      }
    }
    this.endTag(nameStart, nameEnd);
    if (leader === undefined && fields.length === 0) return null;
    return { leader: leader === undefined || leader === '' ? BLANK_LEADER : leader, fields };
  }

  private subfields(field: DataField): void {
    const { s } = this;
    const nameStart = this.nameStart;
    const nameEnd = this.nameEnd;
    if (!this.flags.cdataEnd) this.quickTags(this.colon < 0 ? '' : s.slice(nameStart, this.colon + 1));
    this.subfieldCount = 0;
    for (;;) {
      const quick = this.quickSubfield();
      if (quick === Quick.Field) {
        field.subfields = this.subfieldScratch.slice(0, this.subfieldCount);
        return;
      }
      if (quick === Quick.Some) continue;
      this.misc();
      if (s.charCodeAt(this.p) !== 0x3c) this.more(this.p);
      if (s.charCodeAt(this.p + 1) === 0x2f) break;
      this.startTag();
      if (this.localKind() !== Kind.Subfield) throw FALLBACK;
      const code = this.attr('code') ?? '';
      this.subfieldScratch[this.subfieldCount++] = { code, value: this.selfClosing ? '' : nfc(this.content()) };
    }
    this.endTag(nameStart, nameEnd);
    field.subfields = this.subfieldScratch.slice(0, this.subfieldCount);
  }

  /** The tags the quick paths match, for elements with this prefix (`` or `p:`). */
  private quickTags(prefix: string): void {
    if (prefix === this.quickPrefix) return;
    this.quickPrefix = prefix;
    this.subfieldRun = undefined;
    this.subfieldMarkup = undefined;
    this.betweenSubfields = '';
    this.afterSubfields = '';
    const tags = quickTagSet(prefix);
    this.quickDataClose = tags.dataClose;
    this.controlWhole = tags.controlWhole;
    this.subfieldOpen = tags.subfieldOpen;
    this.dataOpen = tags.dataOpen;
    this.quickOpen = tags.open;
    this.quickClose = tags.close;
    this.quickData = tags.data;
    this.quickControl = tags.control;
    this.quickControlClose = tags.controlClose;
    this.quickLeader = tags.leader;
    this.quickLeaderClose = tags.leaderClose;
  }

  /*
   * Quick paths: the shapes nearly every record is written in (yaz-marcdump, MARC 21 slim
   * writers), matched literally at `p` and read in one pass over their characters. Each
   * returns false (or undefined), having changed nothing, for anything else: another
   * attribute order, a reference, a CR, the end of the input. The general path then reads it.
   */

  /**
   * `<p:subfield code="x">plain text</p:subfield>` at `p`, and each one that follows it the
   * same way. Between two subfields, and after the last one up to the data field's end tag,
   * the markup is nearly always the same characters (`</subfield>`, the same indentation,
   * `<subfield code="` or `</datafield>`): learnt from the first subfields that have it, a
   * sticky regular expression then takes a plain ASCII value and that markup in one native
   * match (subfieldRun), where a value search, a character check and literal comparisons
   * per subfield, each a call, cost several times more. Returns what it read.
   */
  private quickSubfield(): Quick {
    const { s } = this;
    const open = this.quickOpen;
    const first = this.subfieldOpen;
    if (this.flags.cdataEnd || this.flags.cr || first === undefined) return Quick.None;
    // Whitespace and the first start tag: one match (subfieldOpen).
    first.lastIndex = this.p;
    if (!first.test(s)) return Quick.None;
    let codeAt = first.lastIndex;
    const start = codeAt - open.length;
    for (;;) {
      const c = s.charCodeAt(codeAt);
      if (c < 0x20 || c === 0x22 || c === 0x26 || c === 0x3c || c >= 0x80 || s.charCodeAt(codeAt + 1) !== 0x22 || s.charCodeAt(codeAt + 2) !== 0x3e) break;
      const from = codeAt + 3;
      const run = this.subfieldRun;
      if (run !== undefined) {
        run.lastIndex = from;
        if (run.test(s)) {
          const after = run.lastIndex;
          // The markup matched ends in `code="` (another subfield) or in `>` (the field's end tag).
          const more = s.charCodeAt(after - 1) === 0x22;
          this.subfieldScratch[this.subfieldCount++] = { code: s.charAt(codeAt), value: s.slice(from, after - (more ? this.betweenSubfields.length : this.afterSubfields.length)) };
          if (more) {
            codeAt = after;
            continue;
          }
          this.p = after;
          return Quick.Field;
        }
      }
      const lt = this.plainText(from);
      if (lt < 0) break;
      const markup = this.subfieldMarkup;
      if (markup !== undefined) {
        // A value to decode, then the markup learnt.
        markup.lastIndex = lt;
        if (markup.test(s)) {
          this.subfieldScratch[this.subfieldCount++] = { code: s.charAt(codeAt), value: this.high ? this.textNfc(from, lt) : s.slice(from, lt) };
          const after = markup.lastIndex;
          if (s.charCodeAt(after - 1) === 0x22) {
            codeAt = after;
            continue;
          }
          this.p = after;
          return Quick.Field;
        }
      }
      if (!s.startsWith(this.quickClose, lt)) break;
      this.subfieldScratch[this.subfieldCount++] = { code: s.charAt(codeAt), value: this.high ? this.textNfc(from, lt) : s.slice(from, lt) };
      const closeEnd = lt + this.quickClose.length;
      let i = closeEnd;
      while (isSpace(s.charCodeAt(i))) i++;
      if (s.startsWith(open, i)) {
        codeAt = i + open.length;
        this.learnSubfieldRun(s.slice(lt, codeAt), this.afterSubfields);
        continue;
      }
      if (s.startsWith(this.quickDataClose, i)) {
        this.p = i + this.quickDataClose.length;
        this.learnSubfieldRun(this.betweenSubfields, s.slice(lt, this.p));
        return Quick.Field;
      }
      this.p = closeEnd;
      return Quick.Some;
    }
    // The general path reads the subfield at codeAt (those before it are read).
    this.p = codeAt - open.length;
    return this.p === start ? Quick.None : Quick.Some;
  }

  private learnSubfieldRun(between: string, after: string): void {
    if (between === this.betweenSubfields && after === this.afterSubfields) return;
    // Indentation is a few characters; markup padded with more is read the general way, not made an expression.
    if (between.length > MAX_LEARNT_MARKUP || after.length > MAX_LEARNT_MARKUP) return;
    this.betweenSubfields = between;
    this.afterSubfields = after;
    const learnt = learntExpressions(between, after);
    this.subfieldRun = learnt.run;
    this.subfieldMarkup = learnt.markup;
  }

  /**
   * Whitespace, then `<p:datafield tag="ttt" ind1="1" ind2="2">` (one-character indicators)
   * and its subfields: one native match (dataOpen) for what is read in most records of
   * most documents.
   */
  private quickDatafieldOpen(fields: MarcField[]): boolean {
    const { s } = this;
    const open = this.dataOpen;
    if (open === undefined) return false;
    open.lastIndex = this.p;
    if (!open.test(s)) return false;
    // From the end: `tag="ttt" ind1="1" ind2="2">`.
    const end = open.lastIndex;
    fields.push(this.datafieldAt(end - 23 - this.quickData.length, this.tagAt(end - 23, end - 20), s.charAt(end - 12), s.charAt(end - 3), end));
    return true;
  }

  /** `<p:datafield tag="t" ind1="1" ind2="2">` and its subfields. */
  private quickDatafield(fields: MarcField[]): boolean {
    const { s } = this;
    const open = this.quickData;
    if (!s.startsWith(open, this.p)) return false;
    const tagFrom = this.p + open.length;
    const tagTo = this.plainAttribute(tagFrom);
    if (tagTo < 0 || !s.startsWith('" ind1="', tagTo)) return false;
    const ind1To = this.plainAttribute(tagTo + 8);
    if (ind1To < 0 || !s.startsWith('" ind2="', ind1To)) return false;
    const ind2To = this.plainAttribute(ind1To + 8);
    if (ind2To < 0 || s.charCodeAt(ind2To + 1) !== 0x3e) return false;
    fields.push(this.datafieldAt(this.p, this.tagAt(tagFrom, tagTo), indicatorAt(s, tagTo + 8, ind1To), indicatorAt(s, ind1To + 8, ind2To), ind2To + 2));
    return true;
  }

  /** The data field whose quick start tag is at `lt` and ends before `contentAt`, with its subfields. */
  private datafieldAt(lt: number, tag: string, ind1: string, ind2: string, contentAt: number): DataField {
    const field: DataField = { tag, ind1, ind2, subfields: [] };
    // The element's name, as startTag would leave it, for subfields() and its end tag.
    const prefixLength = this.quickData.length - 16; // `<datafield tag="` is 16 characters
    this.nameStart = lt + 1;
    this.nameEnd = this.nameStart + prefixLength + 9;
    this.colon = prefixLength === 0 ? -1 : lt + prefixLength;
    this.p = contentAt;
    this.subfields(field);
    return field;
  }

  /** Whitespace, then `<p:controlfield tag="ttt">plain ASCII</p:controlfield>`: one native match (controlWhole). */
  private quickControlfieldWhole(fields: MarcField[]): boolean {
    const { s } = this;
    const whole = this.controlWhole;
    if (whole === undefined) return false;
    whole.lastIndex = this.p;
    if (!whole.test(s)) return false;
    const tagFrom = s.indexOf('<', this.p) + this.quickControl.length;
    this.p = whole.lastIndex;
    fields.push({ tag: this.tagAt(tagFrom, tagFrom + 3), value: s.slice(tagFrom + 5, this.p - this.quickControlClose.length) });
    return true;
  }

  /** `<p:controlfield tag="t">plain text</p:controlfield>`. */
  private quickControlfield(fields: MarcField[]): boolean {
    const { s } = this;
    if (!s.startsWith(this.quickControl, this.p)) return false;
    const tagFrom = this.p + this.quickControl.length;
    const tagTo = this.plainAttribute(tagFrom);
    if (tagTo < 0 || s.charCodeAt(tagTo + 1) !== 0x3e) return false;
    const from = tagTo + 2;
    const lt = this.plainText(from);
    if (lt < 0 || !s.startsWith(this.quickControlClose, lt)) return false;
    fields.push({ tag: this.tagAt(tagFrom, tagTo), value: this.high ? this.textNfc(from, lt) : s.slice(from, lt) });
    this.p = lt + this.quickControlClose.length;
    return true;
  }

  /** `<p:leader>plain text</p:leader>`: its value (not normalized, as in the collector). */
  private quickLeaderValue(): string | undefined {
    const { s } = this;
    if (!s.startsWith(this.quickLeader, this.p)) return undefined;
    const from = this.p + this.quickLeader.length;
    const lt = this.plainText(from);
    if (lt < 0 || !s.startsWith(this.quickLeaderClose, lt)) return undefined;
    const value = !this.high ? s.slice(from, lt) : this.flags.latin1Utf8 ? latin1Utf8Checked(s, from, lt) : s.slice(from, lt);
    if (value === undefined) throw FALLBACK;
    this.p = lt + this.quickLeaderClose.length;
    return value;
  }

  /**
   * Character data from `from` with nothing to decode but UTF-8: the index of the `<` that
   * ends it, or -1 at a reference, a control character, a CR anywhere in the input
   * (end-of-line handling), or the end of the input. Sets `high` when it holds a character
   * ≥ 0x80 (its decoding checks the rest for control characters).
   *
   * The ASCII part is looked at here, one character at a time: a value is a few dozen
   * characters, and a native search for the next control or non-ASCII character ran on
   * past the value through every ASCII record to the next non-ASCII one (measured: a sixth
   * of the read). From the first character ≥ 0x80 on, the `<` and the next `&` are found
   * by native searches (the `&` once per stretch of input, not per value).
   */
  private plainText(from: number): number {
    const { s, end } = this;
    if (this.flags.cr) return -1;
    for (let i = from; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x3d) {
        if (c === 0x3c) {
          this.high = false;
          return i;
        }
        if (c === 0x26 || (c < 0x20 && c !== 0x0a && c !== 0x09)) return -1;
      } else if (c >= 0x80) {
        const lt = s.indexOf('<', i + 1);
        if (lt < 0) return -1;
        if (this.amp < i) {
          const next = s.indexOf('&', i);
          this.amp = next < 0 ? Infinity : next;
        }
        if (this.amp < lt) return -1;
        this.high = true;
        return lt;
      }
    }
    return -1;
  }

  /** A double-quoted attribute value from `from` in printable ASCII without `&` and `<`: the index of its closing quote, or -1. */
  private plainAttribute(from: number): number {
    const { s } = this;
    for (let i = from; ; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x22) return i;
      if (!(c >= 0x20 && c < 0x7f) || c === 0x26 || c === 0x3c) return -1;
    }
  }

  /** Text s[from, to) with a character ≥ 0x80, in NFC. */
  private textNfc(from: number, to: number): string {
    if (!this.flags.latin1Utf8) return this.s.slice(from, to).normalize('NFC');
    const text = latin1Utf8Nfc(this.s, from, to);
    if (text === undefined) throw FALLBACK;
    return text;
  }

  /** A tag attribute's value: the three-digit tags are shared strings, not one per field. */
  private tagAt(from: number, to: number): string {
    const { s } = this;
    if (to - from === 3) {
      const n = (s.charCodeAt(from) - 0x30) * 100 + (s.charCodeAt(from + 1) - 0x30) * 10 + (s.charCodeAt(from + 2) - 0x30);
      if (n >= 0 && n < 1000 && isDigit(s.charCodeAt(from)) && isDigit(s.charCodeAt(from + 1)) && isDigit(s.charCodeAt(from + 2))) return (TAGS[n] ??= s.slice(from, to));
    }
    return s.slice(from, to);
  }

  /** Character data up to the end tag of the element just opened; CDATA, comments and PIs allowed. */
  private content(): string {
    const { s } = this;
    const nameStart = this.nameStart;
    const nameEnd = this.nameEnd;
    let value = '';
    for (;;) {
      const lt = s.indexOf('<', this.p);
      if (lt < 0) this.more(this.end);
      if (lt > this.p) {
        if (this.amp < this.p) {
          const next = s.indexOf('&', this.p);
          this.amp = next < 0 ? Infinity : next;
        }
        value += decodeText(s, this.p, lt, this.amp < lt, this.flags);
      }
      this.p = lt;
      const c = s.charCodeAt(lt + 1);
      if (c === 0x2f) break;
      if (c === 0x3f) {
        this.pi();
      } else if (c === 0x21 && s.charCodeAt(lt + 2) === 0x5b) {
        if (!s.startsWith('<![CDATA[', lt)) this.more(lt + Math.min(9, this.end - lt));
        const close = s.indexOf(']]>', lt + 9);
        if (close < 0) this.more(this.end);
        if (this.flags.latin1Utf8) checkControls(s, lt + 9, close);
        const data = raw(s, lt + 9, close, this.flags);
        value += this.flags.cr ? data.replace(/\r\n?/g, '\n') : data;
        this.p = close + 3;
      } else if (c === 0x21) {
        this.comment();
      } else {
        this.more(lt + 1);
      }
    }
    this.endTag(nameStart, nameEnd);
    return value;
  }

  /** A start tag at `p`: name, attributes (into attrs), `/>` or `>`. */
  private startTag(): void {
    const { s, attrs } = this;
    let i = this.p + 1;
    this.nameStart = i;
    i = this.name(i);
    this.nameEnd = i;
    const colon = this.colon;
    attrs.length = 0;
    for (;;) {
      const before = i;
      while (isSpace(s.charCodeAt(i))) i++;
      const c = s.charCodeAt(i);
      if (c === 0x3e) {
        this.selfClosing = false;
        this.p = i + 1;
        break;
      }
      if (c === 0x2f) {
        if (s.charCodeAt(i + 1) !== 0x3e) this.more(i + 1);
        this.selfClosing = true;
        this.p = i + 2;
        break;
      }
      if (i === before) this.more(i);
      const attrStart = i;
      i = this.name(i);
      const attrName = s.slice(attrStart, i);
      while (isSpace(s.charCodeAt(i))) i++;
      if (s.charCodeAt(i) !== 0x3d) this.more(i);
      i++;
      while (isSpace(s.charCodeAt(i))) i++;
      const q = s.charCodeAt(i);
      if (q !== 0x22 && q !== 0x27) this.more(i);
      const close = s.indexOf(q === 0x22 ? '"' : "'", i + 1);
      if (close < 0) this.more(this.end);
      for (let k = 0; k < attrs.length; k += 2) if (attrs[k] === attrName) throw FALLBACK;
      attrs.push(attrName, decodeAttribute(s, i + 1, close, this.flags));
      i = close + 1;
    }
    this.colon = colon;
  }

  /** An XML name (ASCII only, at most one colon, not at either end) from `i`; returns its end. */
  private name(i: number): number {
    const { s } = this;
    if (!isNameStart(s.charCodeAt(i))) this.more(i);
    let colon = -1;
    for (i++; ; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x3a) {
        if (colon >= 0) throw FALLBACK;
        colon = i;
      } else if (!isNameChar(c)) {
        break;
      }
    }
    if (colon === i - 1 || i >= this.end) this.more(i);
    if (colon >= 0 && !isNameStart(s.charCodeAt(colon + 1))) throw FALLBACK;
    this.colon = colon;
    return i;
  }

  /** Kind of the element just opened, by local name. */
  private localKind(): Kind {
    const { s } = this;
    const i = this.colon < 0 ? this.nameStart : this.colon + 1;
    const n = this.nameEnd - i;
    const c = s.charCodeAt(i);
    if (n === 8 && c === 0x73 && s.startsWith('subfield', i)) return Kind.Subfield;
    if (n === 9 && c === 0x64 && s.startsWith('datafield', i)) return Kind.Data;
    if (n === 12 && c === 0x63 && s.startsWith('controlfield', i)) return Kind.Control;
    if (n === 6 && c === 0x6c && s.startsWith('leader', i)) return Kind.Leader;
    if (n === 6 && c === 0x72 && s.startsWith('record', i)) return Kind.Record;
    return Kind.Other;
  }

  private isLocal(local: string): boolean {
    const { s } = this;
    const start = this.nameEnd - local.length;
    return s.startsWith(local, start) && (start === this.nameStart || s.charCodeAt(start - 1) === 0x3a);
  }

  private attr(name: string): string | undefined {
    const { attrs } = this;
    for (let k = 0; k < attrs.length; k += 2) if (attrs[k] === name) return attrs[k + 1];
    return undefined;
  }

  /** Namespace declarations of the last start tag on top of `parent`. */
  private scope(parent: Map<string, string> | undefined): Map<string, string> | undefined {
    const { attrs } = this;
    let scope: Map<string, string> | undefined;
    for (let k = 0; k < attrs.length; k += 2) {
      const key = attrs[k] as string;
      if (key === 'xmlns' || key.startsWith('xmlns:')) {
        scope ??= new Map(parent);
        scope.set(key === 'xmlns' ? '' : key.slice(6), attrs[k + 1] as string);
      }
    }
    return scope ?? parent;
  }

  /** `</name S?>` at `p` where name must equal s[nameStart, nameEnd). */
  private endTag(nameStart: number, nameEnd: number): void {
    const { s } = this;
    let i = this.p + 2;
    const length = nameEnd - nameStart;
    for (let k = 0; k < length; k++, i++) if (s.charCodeAt(i) !== s.charCodeAt(nameStart + k)) this.more(i);
    while (isSpace(s.charCodeAt(i))) i++;
    if (s.charCodeAt(i) !== 0x3e) this.more(i);
    this.p = i + 1;
  }

  private endTagOf(qname: string): void {
    const { s } = this;
    if (!s.startsWith(qname, this.p + 2)) this.more(this.p + 2 + Math.min(qname.length, this.end - this.p - 2));
    let i = this.p + 2 + qname.length;
    while (isSpace(s.charCodeAt(i))) i++;
    if (s.charCodeAt(i) !== 0x3e) this.more(i);
    this.p = i + 1;
  }
}
