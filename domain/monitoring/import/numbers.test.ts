import { detectNumberFormat, isValueText, parseNumber, readCell } from './numbers';

describe('parseNumber', () => {
  it.each([
    ['1.234,5', 1234.5],
    ['12,3', 12.3],
    ['-4,0', -4],
    ['−4,5', -4.5],
    ['+7', 7],
    ['1.234.567', 1234567],
    ['1.234', 1234],
    ['1,234', 1.234],
    ['12,3 %', 12.3],
    ['12,3%', 12.3],
    ['1 234,5', 1234.5],
    ['1\u00a0234\u00a0567', 1234567],
    ['1\u202f234,5', 1234.5],
    ['(12,3)', 12.3],
    ['0.5', 0.5],
    ['007', 7],
    ['-0', 0],
  ])('when German, %p is %p', (text, value) => {
    expect(parseNumber(text, 'de')).toBe(value);
  });

  it.each([
    ['1,234.5', 1234.5],
    ['12.3', 12.3],
    ['1.234', 1.234],
    ['1,234', 1234],
    ['1,234,567.25', 1234567.25],
    ['1e-7', 1e-7],
    ['12.5%', 12.5],
    ['12,5', 12.5],
    ['1 234.5', 1234.5],
  ])('when English, %p is %p', (text, value) => {
    expect(parseNumber(text, 'en')).toBe(value);
  });

  it.each(['', '-', 'abc', '12,3a', '1.2.3,4,5', '1 23', '1,23,456', '%', '12 %%', '0x1A', 'Infinity', '1.23.456', '--4', '4-'])(
    'when %p, then it is no number',
    (text) => {
      expect(parseNumber(text, 'de')).toBeNull();
      expect(parseNumber(text, 'en')).toBeNull();
    },
  );
});

describe('readCell', () => {
  it.each([
    ['-', 'none'],
    ['–', 'none'],
    ['.', 'unknown'],
    ['…', 'unknown'],
    ['...', 'unknown'],
    ['/', 'unknown'],
    ['x', 'secret'],
    ['X', 'secret'],
    [' x ', 'secret'],
  ])('when the statistics sign %p, then status %p', (text, status) => {
    expect(readCell(text, 'de')).toEqual({ kind: 'sign', status });
  });

  it('when empty, a number or neither, then empty, the number or invalid', () => {
    expect(readCell('  ', 'de')).toEqual({ kind: 'empty' });
    expect(readCell('1.234,5', 'de')).toEqual({ kind: 'number', value: 1234.5 });
    expect(readCell('n.v.', 'de')).toEqual({ kind: 'invalid' });
    expect(isValueText('x')).toBe(true);
    expect(isValueText('12,5')).toBe(true);
    expect(isValueText('Kreis')).toBe(false);
  });
});

describe('detectNumberFormat', () => {
  it('when most cells read only in German, then de', () => {
    expect(detectNumberFormat(['12,5', '1.234', '3,25', '4', 'x', '0.5'], 'en')).toBe('de');
  });

  it('when most cells read only in English, then en', () => {
    expect(detectNumberFormat(['12.5', '1,234', '3.25', '1,234.5', '12,5'], 'de')).toBe('en');
  });

  it('when no cell decides (1.234 and whole numbers read either way), then the fallback', () => {
    expect(detectNumberFormat(['1.234', '5.678', '12', '-'], 'de')).toBe('de');
    expect(detectNumberFormat(['1.234', '5.678', '12', '-'], 'en')).toBe('en');
    expect(detectNumberFormat([], 'de')).toBe('de');
  });
});
