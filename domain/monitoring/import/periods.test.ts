import { normalizePeriod } from './periods';

describe('normalizePeriod', () => {
  it.each([
    ['2024', '2024'],
    ['2023/24', '2023/24'],
    ['2023/2024', '2023/24'],
    ['2023-24', '2023/24'],
    ['2023 – 2024', '2023/24'],
    ['1999/00', '1999/00'],
    ['Schuljahr 2023/24', '2023/24'],
    ['SJ 2023/24', '2023/24'],
    ['Schulj. 2023/24', '2023/24'],
    ['WS 2023/24', '2023/24'],
    ['Jahr 2024', '2024'],
    ['31.12.2024', '2024'],
    ['1.3.2024', '2024'],
    ['2024-12-31', '2024'],
    ['Stichtag 31.12.2024', '2024'],
    ['Stand: 01.03.2025', '2025'],
  ])('when %p, then %p', (text, period) => {
    expect(normalizePeriod(text)).toBe(period);
  });

  it.each(['', '20234', '24', '2023/25', '2024-12', '31.02.2024', '2024-13-01', '1850', '2023/24/25', 'Jahre 2024', 'insgesamt', '12,5'])(
    'when %p, then no period',
    (text) => {
      expect(normalizePeriod(text)).toBeNull();
    },
  );
});
