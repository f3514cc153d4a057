// What the command palette lists: registered commands plus an "Open …" entry per main view.
import type { CommandContribution, MainViewContribution } from './view-registry';
import { fuzzyFilter, type FuzzyMatch } from './fuzzy';

/** One row in the palette. */
export interface PaletteItem {
  readonly id: string;
  /** The command to run; for view entries a synthetic `view.open:<viewId>`. */
  readonly commandId: string;
  readonly label: string;
  readonly category: string | undefined;
  readonly keybinding: string | undefined;
  readonly keywords: readonly string[];
  readonly viewId?: string;
}

/** A palette row with its match (positions are into `category: label`). */
export interface PaletteResult {
  readonly item: PaletteItem;
  readonly match: FuzzyMatch;
}

/** The full text the filter matches against. */
export const paletteText = (item: PaletteItem): string => (item.category ? `${item.category}: ${item.label}` : item.label);

/** Builds the palette's rows from the registry (unavailable commands left out). */
export function buildPaletteItems(commands: readonly CommandContribution[], views: readonly MainViewContribution[]): PaletteItem[] {
  const items: PaletteItem[] = [];
  for (const c of commands) {
    if (c.when && !c.when()) continue;
    items.push({ id: c.id, commandId: c.id, label: c.title, category: c.category, keybinding: c.keybinding, keywords: c.keywords ?? [] });
  }
  for (const v of views) {
    items.push({ id: `view.open:${v.id}`, commandId: `view.open:${v.id}`, label: v.title, category: 'Open', keybinding: undefined, keywords: [], viewId: v.id });
  }
  return items;
}

/** Filters by the query; with an empty query, recently used rows come first. */
export function filterPaletteItems(query: string, items: readonly PaletteItem[], recent: readonly string[]): PaletteResult[] {
  if (!query.trim()) {
    const rank = (i: PaletteItem): number => {
      const r = recent.indexOf(i.commandId);
      return r < 0 ? recent.length : r;
    };
    return [...items].sort((a, b) => rank(a) - rank(b)).map((item) => ({ item, match: { score: 0, positions: [] } }));
  }
  const withKeywords = fuzzyFilter(query, items, (i) => `${paletteText(i)}${i.keywords.length ? ' ' + i.keywords.join(' ') : ''}`);
  // Highlight positions must point into the visible text only.
  const visible = (p: number, i: PaletteItem): boolean => p < paletteText(i).length;
  return withKeywords.map(({ item, match }) => ({ item, match: { ...match, positions: match.positions.filter((p) => visible(p, item)) } }));
}
