// Text files staff upload (FAQ CSV) arrive as bytes: UTF-8 (with or without BOM) or, as Excel on
// Japanese Windows saves them, Shift_JIS / CP932. Anything else is refused rather than stored as
// mojibake. Node's TextDecoder (full ICU) decodes both; `fatal` makes a wrong guess throw.
export type Detected = { text: string; encoding: 'utf-8' | 'shift_jis' };

export function decodeJapaneseText(bytes: Buffer): Detected | null {
  const strict = (label: string) => {
    try {
      return new TextDecoder(label, { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      return null;
    }
  };
  const utf8 = strict('utf-8');
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  // TextDecoder's "shift_jis" is the WHATWG Shift_JIS, which is Windows-31J (CP932) with NEC and
  // IBM extensions: what Excel writes.
  const sjis = strict('shift_jis');
  if (sjis !== null && !sjis.includes('\uFFFD') && !/[\u0000-\u0008\u000E-\u001F]/.test(sjis)) return { text: sjis, encoding: 'shift_jis' };
  return null;
}
