// A pack value's `source` as staff cite it: `tianjin-implementing-rules-2025.txt §9` becomes
// 《天津市政务服务便民热线管理办法实施细则》第九条, the title taken from the rule version's documents.

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const UNITS = ['', '十', '百', '千'];

/** 1 → 一, 10 → 十, 17 → 十七, 21 → 二十一, 105 → 一百零五, 1000 → 一千 (0 < n < 10000). */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n <= 0 || n >= 10000) return String(n);
  const digits = String(n).split('').map(Number);
  let out = '';
  let zero = false;
  digits.forEach((d, i) => {
    const unit = UNITS[digits.length - 1 - i]!;
    if (d === 0) {
      zero = out !== '';
      return;
    }
    if (zero) out += '零';
    zero = false;
    out += DIGITS[d]! + unit;
  });
  // 十七, not 一十七 (only when 十 leads)
  return out.startsWith('一十') ? out.slice(1) : out;
}

/** `§9` → 第九条, `§12 ¶2` → 第十二条第二款; anything else is kept as written. */
export function articleZh(reference: string): string {
  return reference
    .trim()
    .replace(/§\s*(\d+)/g, (_, n: string) => `第${chineseNumeral(Number(n))}条`)
    .replace(/¶\s*(\d+)/g, (_, n: string) => `第${chineseNumeral(Number(n))}款`)
    .replace(/(条|款)\s+(?=第)/g, '$1');
}

export interface SourceDocumentRef {
  file: string;
  title: string;
}

/** One cited place: the text to show, and the file it comes from (for a tooltip or link). */
export interface CitationPart {
  text: string;
  file?: string;
  /** The document's whole title as the version lists it. */
  title?: string;
}

/** A title without its closing note: `…实施细则（…2025年12月20日印发）` → `…实施细则`. */
const shortTitle = (title: string) => title.replace(/（[^（）]*）\s*$/, '').trim();

/**
 * `a.txt §6; a.txt §9; b.txt §3` → 《A》第六条、第九条；《B》第三条. A file the version does not list
 * keeps its name; text that cites no file (a State Council notice) stays as it is.
 */
export function citeSource(source: string, documents: readonly SourceDocumentRef[]): CitationPart[] {
  const parts: CitationPart[] = [];
  for (const piece of source.split(/[;；]/).map((p) => p.trim()).filter(Boolean)) {
    const cited = /^([a-z0-9-]+\.txt)\s*(.*)$/.exec(piece);
    if (!cited) {
      parts.push({ text: piece });
      continue;
    }
    const [, file, article] = cited as unknown as [string, string, string];
    const doc = documents.find((d) => d.file === file);
    const previous = parts.at(-1);
    const articleText = articleZh(article);
    if (previous?.file === file && articleText) {
      previous.text += `、${articleText}`;
      continue;
    }
    parts.push({ text: `${doc ? `《${shortTitle(doc.title)}》` : `${file} `}${articleText}`.trim(), file, ...(doc ? { title: doc.title } : {}) });
  }
  return parts;
}

/** The whole citation as one line. */
export const citationText = (source: string, documents: readonly SourceDocumentRef[]): string =>
  citeSource(source, documents)
    .map((p) => p.text)
    .join('；');
