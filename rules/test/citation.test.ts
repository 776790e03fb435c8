import { describe, expect, it } from 'vitest';
import { articleZh, chineseNumeral, citationText, citeSource } from '../src/citation';

const DOCUMENTS = [
  { file: 'tianjin-implementing-rules-2025.txt', title: '天津市政务服务便民热线管理办法实施细则（天津市人民政府办公厅2025年12月20日印发）' },
  { file: 'tianjin-hotline-measures-2024.txt', title: '天津市政务服务便民热线管理办法（天津市人民政府2024年11月12日公布）' },
];

describe('article numbers in Chinese', () => {
  it.each([
    [1, '一'],
    [9, '九'],
    [10, '十'],
    [17, '十七'],
    [20, '二十'],
    [21, '二十一'],
    [100, '一百'],
    [105, '一百零五'],
    [110, '一百一十'],
    [1001, '一千零一'],
  ])('%i → %s', (n, zh) => expect(chineseNumeral(n)).toBe(zh));

  it('words articles and paragraphs', () => {
    expect(articleZh('§9')).toBe('第九条');
    expect(articleZh('§17')).toBe('第十七条');
    expect(articleZh('§21')).toBe('第二十一条');
    expect(articleZh('§12 ¶2')).toBe('第十二条第二款');
  });
});

describe('a source as the regulation title and article', () => {
  it('names the document by its title, without the closing note', () => {
    expect(citeSource('tianjin-implementing-rules-2025.txt §9', DOCUMENTS)).toEqual([
      { text: '《天津市政务服务便民热线管理办法实施细则》第九条', file: 'tianjin-implementing-rules-2025.txt', title: DOCUMENTS[0]!.title },
    ]);
  });

  it('joins the articles of one document and separates documents', () => {
    expect(citationText('tianjin-implementing-rules-2025.txt §6; tianjin-implementing-rules-2025.txt §12 ¶2; tianjin-hotline-measures-2024.txt §21', DOCUMENTS)).toBe(
      '《天津市政务服务便民热线管理办法实施细则》第六条、第十二条第二款；《天津市政务服务便民热线管理办法》第二十一条',
    );
  });

  it('keeps a file the version does not list, and text citing no file', () => {
    expect(citationText('other-rules.txt §4', DOCUMENTS)).toBe('other-rules.txt 第四条');
    expect(citationText('国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）', DOCUMENTS)).toBe('国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）');
  });
});
