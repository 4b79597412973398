// How series look: every one differs in colour, dash pattern and marker.

export interface SeriesStyle {
  color: string;
  /** stroke-dasharray, null for a solid line. */
  dash: string | null;
  marker: 'circle' | 'square' | 'triangle' | 'diamond' | 'triangle-down' | 'cross' | 'plus' | 'bar';
  filled: boolean;
}

/**
 * Colour, dash pattern and marker differ between series, so none is told
 * apart by colour alone. Every colour has at least 4.5:1 against white
 * (WCAG 1.4.11 asks 3:1 for graphics); charts.test.ts checks it.
 */
export const SERIES_STYLES: readonly SeriesStyle[] = [
  { color: '#0b5cad', dash: null, marker: 'circle', filled: true },
  { color: '#b3430e', dash: '9 5', marker: 'square', filled: false },
  { color: '#1b7a3a', dash: '3 4', marker: 'triangle', filled: true },
  { color: '#7b3294', dash: '12 4 3 4', marker: 'diamond', filled: false },
  { color: '#00707a', dash: '6 3', marker: 'triangle-down', filled: true },
  { color: '#a3224f', dash: '2 2', marker: 'cross', filled: false },
  { color: '#705000', dash: '14 3', marker: 'plus', filled: false },
  { color: '#4d4d4d', dash: '8 3 2 3 2 3', marker: 'bar', filled: true },
];

export function styleOf(index: number): SeriesStyle {
  return SERIES_STYLES[index % SERIES_STYLES.length]!;
}

/** The outline of a series' marker centred on (x, y). */
export function markerPath(style: SeriesStyle, x: number, y: number, r = 5): string {
  const round = (n: number) => Math.round(n * 10) / 10;
  const p = (dx: number, dy: number) => `${round(x + dx)} ${round(y + dy)}`;
  switch (style.marker) {
    case 'circle':
      return `M ${p(-r, 0)} A ${r} ${r} 0 1 0 ${p(r, 0)} A ${r} ${r} 0 1 0 ${p(-r, 0)} Z`;
    case 'square':
      return `M ${p(-r, -r)} L ${p(r, -r)} L ${p(r, r)} L ${p(-r, r)} Z`;
    case 'triangle':
      return `M ${p(0, -r - 1)} L ${p(r + 1, r)} L ${p(-r - 1, r)} Z`;
    case 'triangle-down':
      return `M ${p(0, r + 1)} L ${p(r + 1, -r)} L ${p(-r - 1, -r)} Z`;
    case 'diamond':
      return `M ${p(0, -r - 1)} L ${p(r + 1, 0)} L ${p(0, r + 1)} L ${p(-r - 1, 0)} Z`;
    case 'cross':
      return `M ${p(-r, -r)} L ${p(r, r)} M ${p(r, -r)} L ${p(-r, r)}`;
    case 'plus':
      return `M ${p(-r - 1, 0)} L ${p(r + 1, 0)} M ${p(0, -r - 1)} L ${p(0, r + 1)}`;
    case 'bar':
      return `M ${p(-r, -2)} L ${p(r, -2)} L ${p(r, 2)} L ${p(-r, 2)} Z`;
  }
}
