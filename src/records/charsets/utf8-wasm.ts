/**
 * The UTF-8 → UTF-16 loop of utf8-nfc.ts as a small WebAssembly function: sixteen ASCII bytes
 * at a time (SIMD), other sequences one by one, with the same NFC-safety test. A CJK record's
 * data area went through the JavaScript loop at about 1.5 ns a byte, a tenth of a record's
 * whole read (profiled); Node 20's own decoders are slower still (two passes). The module is
 * assembled here from its instructions (a few hundred bytes), so there is no binary to trust.
 *
 * On the way it notes where the MARC delimiters 0x1E and 0x1F fall in the text (`delimiters`):
 * splitting a record's text with a string search per field and subfield was a fifth of
 * reading it (profiled). An ASCII data area, whose text is its bytes, is only scanned for them.
 *
 * Memory: [0, 64 KB) NFC-safety verdicts per BMP code point (0 unknown, 1 safe, 2 not;
 * filled from nfc-safe.ts a 256-code-point block at a time, when the function asks), the
 * number of delimiters found, the input bytes, the UTF-16LE output, the delimiters found.
 */
import { isNfcSafe } from './nfc-safe.ts';

// --- a minimal assembler: structured control with named labels, LEB128 immediates ---

const enum Op {
  Block = 0x02, Loop = 0x03, If = 0x04, Else = 0x05, End = 0x0b, Br = 0x0c, BrIf = 0x0d, Return = 0x0f,
  LocalGet = 0x20, LocalSet = 0x21, LocalTee = 0x22,
  I32Load8U = 0x2d, I32Store = 0x36, I32Store16 = 0x3b, I32Const = 0x41,
  I32Eqz = 0x45, I32Eq = 0x46, I32Ne = 0x47, I32LtU = 0x49, I32GtU = 0x4b, I32GeU = 0x4f,
  I32Ctz = 0x68, I32Add = 0x6a, I32Sub = 0x6b, I32And = 0x71, I32Or = 0x72, I32Shl = 0x74, I32ShrU = 0x76,
  Simd = 0xfd,
}
const enum SimdOp { Load = 0x00, Store = 0x0b, I8x16Splat = 0x0f, I8x16LtU = 0x25, I8x16Bitmask = 0x64, ExtendLowU = 0x89, ExtendHighU = 0x8a }
const VOID = 0x40;
const I32 = 0x7f;
const V128 = 0x7b;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

class Code {
  readonly bytes: number[] = [];
  private readonly labels: string[] = [];

  op(...bytes: number[]): this {
    this.bytes.push(...bytes);
    return this;
  }
  get(local: number): this {
    return this.op(Op.LocalGet, ...uleb(local));
  }
  set(local: number): this {
    return this.op(Op.LocalSet, ...uleb(local));
  }
  tee(local: number): this {
    return this.op(Op.LocalTee, ...uleb(local));
  }
  const(n: number): this {
    return this.op(Op.I32Const, ...sleb(n));
  }
  load8(offset = 0): this {
    return this.op(Op.I32Load8U, 0, ...uleb(offset));
  }
  store16(offset = 0): this {
    return this.op(Op.I32Store16, 1, ...uleb(offset));
  }
  store32(): this {
    return this.op(Op.I32Store, 2, 0);
  }
  simd(op: SimdOp, ...memarg: number[]): this {
    return this.op(Op.Simd, ...uleb(op), ...memarg);
  }
  block(label: string, body: () => void, kind: Op.Block | Op.Loop | Op.If = Op.Block): this {
    this.op(kind, VOID);
    this.labels.push(label);
    body();
    this.labels.pop();
    return this.op(Op.End);
  }
  /** Inside an `if` block: its else arm. */
  else(): this {
    return this.op(Op.Else);
  }
  br(label: string, conditional = false): this {
    const depth = this.labels.length - 1 - this.labels.lastIndexOf(label);
    if (depth >= this.labels.length) throw new Error(`no label ${label}`);
    return this.op(conditional ? Op.BrIf : Op.Br, ...uleb(depth));
  }
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

function vector(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(text: string): number[] {
  return [...uleb(text.length), ...Buffer.from(text, 'latin1')];
}

/** Where decode() writes how many delimiters it found; the input follows. */
const COUNT = 0x10000;
const INPUT = COUNT + 16;

/**
 * decode(input, length, output, found, widen) → bytes of UTF-16 written, plus 1 when a character
 * after which NFC may change the text came out; or -1 - cp when the verdict of BMP code point
 * cp is not in the table yet (the caller fills its block and calls again). Each 0x1E or 0x1F
 * is noted at `found` as an i32, its UTF-16 index << 1, plus 1 for 0x1E; their number at COUNT.
 * With `widen` 0 the sixteen-byte ASCII steps write no UTF-16 (a scan whose text is not used).
 */
function decodeFunction(): number[] {
  const [input, length, output, found, widen, i, end, o, c, cp, risky, check, p, mask, bit, v] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  const f = new Code();
  /** Notes the delimiter whose byte is on the stack at UTF-16 index (o - output) / 2 + `plus` (a local, or none). */
  const note = (byte: number, plus?: number): void => {
    f.get(byte).const(0x1e).op(Op.I32Sub).const(2).op(Op.I32LtU);
    f.block('delimiter', () => {
      f.get(p).get(o).get(output).op(Op.I32Sub).const(1).op(Op.I32ShrU);
      if (plus !== undefined) f.get(plus).op(Op.I32Add);
      f.const(1).op(Op.I32Shl).get(byte).const(0x1e).op(Op.I32Eq).op(Op.I32Or).store32();
      f.get(p).const(4).op(Op.I32Add).set(p);
    }, Op.If);
  };
  f.get(input).set(i).get(input).get(length).op(Op.I32Add).set(end).get(output).set(o).get(found).set(p);
  f.block('done', () => {
    f.block('main', () => {
      // Sixteen ASCII bytes at a time, widened to sixteen UTF-16 units; control bytes looked at one by one.
      f.block('scalar', () => {
        f.block('vector', () => {
          f.get(i).const(16).op(Op.I32Add).get(end).op(Op.I32GtU).br('scalar', true);
          f.get(i).simd(SimdOp.Load, 0, 0).tee(v).simd(SimdOp.I8x16Bitmask).br('scalar', true);
          f.get(widen);
          f.block('widen', () => {
            f.get(o).get(v).simd(SimdOp.ExtendLowU).simd(SimdOp.Store, 0, 0);
            f.get(o).get(v).simd(SimdOp.ExtendHighU).simd(SimdOp.Store, 0, 16);
          }, Op.If);
          f.get(v).const(0x20).simd(SimdOp.I8x16Splat).simd(SimdOp.I8x16LtU).simd(SimdOp.I8x16Bitmask).set(mask);
          f.block('controls', () => {
            f.block('next', () => {
              f.get(mask).op(Op.I32Eqz).br('controls', true);
              f.get(mask).op(Op.I32Ctz).tee(bit).get(i).op(Op.I32Add).load8().set(c);
              note(c, bit);
              f.get(mask).get(mask).const(1).op(Op.I32Sub).op(Op.I32And).set(mask);
              f.br('next');
            }, Op.Loop);
          });
          f.get(i).const(16).op(Op.I32Add).set(i).get(o).const(32).op(Op.I32Add).set(o);
          f.br('vector');
        }, Op.Loop);
      });
      f.get(i).get(end).op(Op.I32GeU).br('done', true);
      // A run of CJK ideographs (three bytes each, NFC-safe: no verdict to look up) in a loop
      // of its own; anything else leaves it where it stands for the steps below.
      f.block('general', () => {
        f.block('ideographs', () => {
          f.get(i).load8().tee(c).const(0xf0).op(Op.I32And).const(0xe0).op(Op.I32Ne).br('general', true);
          f.get(c).const(0x0f).op(Op.I32And).const(12).op(Op.I32Shl);
          f.get(i).load8(1).const(0x3f).op(Op.I32And).const(6).op(Op.I32Shl).op(Op.I32Or);
          f.get(i).load8(2).const(0x3f).op(Op.I32And).op(Op.I32Or).tee(cp);
          f.const(0x3400).op(Op.I32Sub).const(0x9fff - 0x3400).op(Op.I32GtU).br('general', true);
          f.get(o).get(cp).store16();
          f.get(o).const(2).op(Op.I32Add).set(o);
          f.get(i).const(3).op(Op.I32Add).tee(i).get(end).op(Op.I32GeU).br('done', true);
          f.br('ideographs');
        }, Op.Loop);
      });
      f.get(i).load8().tee(c).const(0x80).op(Op.I32LtU);
      f.block('ascii', () => {
        note(c);
        f.get(o).get(c).store16();
        f.get(i).const(1).op(Op.I32Add).set(i).get(o).const(2).op(Op.I32Add).set(o);
        f.br('main');
      }, Op.If);
      f.get(c).const(0xe0).op(Op.I32LtU);
      f.block('sequence', () => {
        // Two bytes: NFC-safe below U+0300.
        f.get(c).const(0x1f).op(Op.I32And).const(6).op(Op.I32Shl);
        f.get(i).load8(1).const(0x3f).op(Op.I32And).op(Op.I32Or).tee(cp);
        f.const(0x300).op(Op.I32GeU).set(check);
        f.get(i).const(2).op(Op.I32Add).set(i);
        f.else();
        f.get(c).const(0xf0).op(Op.I32LtU);
        f.block('three', () => {
          // Three bytes: NFC-safe in CJK Extension A and the unified ideographs.
          f.get(c).const(0x0f).op(Op.I32And).const(12).op(Op.I32Shl);
          f.get(i).load8(1).const(0x3f).op(Op.I32And).const(6).op(Op.I32Shl).op(Op.I32Or);
          f.get(i).load8(2).const(0x3f).op(Op.I32And).op(Op.I32Or).tee(cp);
          f.const(0x3400).op(Op.I32LtU).get(cp).const(0x9fff).op(Op.I32GtU).op(Op.I32Or).set(check);
          f.get(i).const(3).op(Op.I32Add).set(i);
          f.else();
          // Four bytes: NFC-safe in CJK Extensions B-F; written as a surrogate pair.
          f.get(c).const(0x07).op(Op.I32And).const(18).op(Op.I32Shl);
          f.get(i).load8(1).const(0x3f).op(Op.I32And).const(12).op(Op.I32Shl).op(Op.I32Or);
          f.get(i).load8(2).const(0x3f).op(Op.I32And).const(6).op(Op.I32Shl).op(Op.I32Or);
          f.get(i).load8(3).const(0x3f).op(Op.I32And).op(Op.I32Or).set(cp);
          f.get(risky).get(cp).const(0x20000).op(Op.I32LtU).get(cp).const(0x2f800).op(Op.I32GeU).op(Op.I32Or).op(Op.I32Or).set(risky);
          f.get(cp).const(0x10000).op(Op.I32Sub).set(cp);
          f.get(o).get(cp).const(10).op(Op.I32ShrU).const(0xd800).op(Op.I32Or).store16();
          f.get(o).get(cp).const(0x3ff).op(Op.I32And).const(0xdc00).op(Op.I32Or).store16(2);
          f.get(i).const(4).op(Op.I32Add).set(i).get(o).const(4).op(Op.I32Add).set(o);
          f.br('main');
        }, Op.If);
      }, Op.If);
      f.get(check);
      f.block('verdict', () => {
        f.get(cp).load8().tee(c).op(Op.I32Eqz);
        f.block('unknown', () => {
          f.const(-1).get(cp).op(Op.I32Sub).op(Op.Return);
        }, Op.If);
        f.get(risky).get(c).const(2).op(Op.I32Eq).op(Op.I32Or).set(risky);
      }, Op.If);
      f.get(o).get(cp).store16();
      f.get(o).const(2).op(Op.I32Add).set(o);
      f.br('main');
    }, Op.Loop);
  });
  f.const(COUNT).get(p).get(found).op(Op.I32Sub).const(2).op(Op.I32ShrU).store32();
  f.get(o).get(output).op(Op.I32Sub).get(risky).op(Op.I32Or);
  f.op(Op.End);
  const locals = vector([[...uleb(10), I32], [...uleb(1), V128]]);
  const body = [...locals, ...f.bytes];
  return [...uleb(body.length), ...body];
}

function moduleBytes(): Uint8Array {
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector([[0x60, ...vector([[I32], [I32], [I32], [I32], [I32]]), ...vector([[I32]])]])),
    ...section(3, vector([[0]])),
    ...section(5, vector([[0x00, ...uleb(8)]])),
    ...section(7, vector([[...name('decode'), 0x00, 0], [...name('memory'), 0x02, 0]])),
    ...section(10, vector([decodeFunction()])),
  ]);
}

interface Exports {
  decode(input: number, length: number, output: number, found: number, widen: number): number;
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
}

/** The part of the global WebAssembly used here (the project's TypeScript libraries do not declare it). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

/** Undefined where WebAssembly or its SIMD is not available: the caller keeps its own loop. */
function instantiate(): Exports | undefined {
  try {
    const api = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
    return new api.Instance(new api.Module(moduleBytes())).exports as Exports;
  } catch {
    return undefined;
  }
}

const wasm = instantiate();
let memory = wasm ? Buffer.from(wasm.memory.buffer) : Buffer.alloc(0);
let words = new Int32Array(memory.buffer, memory.byteOffset, memory.length >> 2);

/**
 * The delimiters the last decode or scan found, in order, when it could note them: entries
 * list[first] to list[first + count - 1], each the UTF-16 index of a 0x1E or 0x1F in the text
 * << 1, plus 1 for 0x1E. `text` is false when the text is not what was scanned (NFC changed it).
 */
export const delimiters = { list: words, first: 0, count: 0, text: false };

/** The verdicts of cp's 256-code-point block, into the module's table. */
function fillVerdicts(cp: number): void {
  const first = cp & 0xff00;
  for (let c = first; c < first + 0x100; c++) memory[c] = isNfcSafe(c) ? 1 : 2;
}

/** Where the last run left its UTF-16 (when `widen`). */
let outputAt = 0;

/**
 * Runs decode over bytes[start, end); returns its result. A range that is most of `bytes` (a
 * record's data area) is copied in with the rest of them: a view of the range cost more than
 * copying the leader and directory too.
 */
function run(bytes: Uint8Array, start: number, end: number, widen: number, exports: Exports): number {
  const length = end - start;
  const whole = 2 * length >= bytes.length;
  const output = (INPUT + (whole ? bytes.length : length) + 15) & ~15;
  const found = (output + 2 * length + 15) & ~15;
  if (memory.length < found + 4 * length) {
    exports.memory.grow(Math.ceil((found + 4 * length - memory.length) / 0x10000));
    memory = Buffer.from(exports.memory.buffer);
    words = new Int32Array(memory.buffer, memory.byteOffset, memory.length >> 2);
    delimiters.list = words;
  }
  memory.set(whole ? bytes : bytes.subarray(start, end), INPUT);
  const input = whole ? INPUT + start : INPUT;
  let result = exports.decode(input, length, output, found, widen);
  while (result < 0) {
    fillVerdicts(-1 - result);
    result = exports.decode(input, length, output, found, widen);
  }
  outputAt = output;
  delimiters.first = found >> 2;
  delimiters.count = words[COUNT >> 2] as number;
  return result;
}

/**
 * NFC text of valid UTF-8 bytes[start, end) (as utf8-nfc.ts decodes it), with its delimiters
 * noted; undefined without WebAssembly SIMD. `bytes` must be valid UTF-8: nothing is checked.
 */
export function decodeUtf8NfcWasm(bytes: Uint8Array, start: number, end: number): string | undefined {
  if (!wasm) return undefined;
  const result = run(bytes, start, end, 1, wasm);
  const text = memory.toString('ucs2', outputAt, outputAt + (result & ~1));
  delimiters.text = (result & 1) === 0;
  return delimiters.text ? text : text.normalize('NFC');
}

/** Notes the delimiters of ASCII bytes[start, end) (their text is their Latin-1); false without WebAssembly SIMD. */
export function scanAsciiDelimiters(bytes: Uint8Array, start: number, end: number): boolean {
  if (!wasm) return false;
  run(bytes, start, end, 0, wasm);
  delimiters.text = true;
  return true;
}
