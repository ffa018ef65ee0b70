/**
 * axe-core rules → GB/T 37668-2019 conformance levels.
 *
 * GB/T 37668-2019《信息技术 互联网内容无障碍可访问性技术要求与测试方法》 follows the WCAG 2.0
 * structure: four principles (可感知, 可操作, 可理解, 兼容) and three conformance levels; its level 1
 * corresponds to WCAG 2.0 level A and level 2 to level AA (level 3: AAA). axe tags every rule with
 * the WCAG success criteria it tests (`wcag111` = SC 1.1.1), so the mapping goes
 * rule → SC (from the tag) → WCAG 2.0 level (table below) → GB/T level. Criteria added in WCAG
 * 2.1/2.2 (1.3.4, 1.4.10, 2.5.x …) are not in GB/T 37668 and are reported as unmapped, as are
 * axe "best-practice" rules with no SC.
 */

/** WCAG 2.0 success criteria by level (61 in all: 25 A, 13 AA, 23 AAA). */
const WCAG20: Record<'A' | 'AA' | 'AAA', string[]> = {
  A: ['1.1.1', '1.2.1', '1.2.2', '1.2.3', '1.3.1', '1.3.2', '1.3.3', '1.4.1', '1.4.2', '2.1.1', '2.1.2', '2.2.1', '2.2.2', '2.3.1', '2.4.1', '2.4.2', '2.4.3', '2.4.4', '3.1.1', '3.2.1', '3.2.2', '3.3.1', '3.3.2', '4.1.1', '4.1.2'],
  AA: ['1.2.4', '1.2.5', '1.4.3', '1.4.4', '1.4.5', '2.4.5', '2.4.6', '2.4.7', '3.1.2', '3.2.3', '3.2.4', '3.3.3', '3.3.4'],
  AAA: ['1.2.6', '1.2.7', '1.2.8', '1.2.9', '1.4.6', '1.4.7', '1.4.8', '1.4.9', '2.1.3', '2.2.3', '2.2.4', '2.2.5', '2.3.2', '2.4.8', '2.4.9', '2.4.10', '3.1.3', '3.1.4', '3.1.5', '3.1.6', '3.2.5', '3.3.5', '3.3.6'],
};

export const GBT_LEVEL: Record<'A' | 'AA' | 'AAA', 1 | 2 | 3> = { A: 1, AA: 2, AAA: 3 };

const LEVEL_OF = new Map<string, 'A' | 'AA' | 'AAA'>();
for (const [lvl, scs] of Object.entries(WCAG20) as Array<['A' | 'AA' | 'AAA', string[]]>) for (const sc of scs) LEVEL_OF.set(sc, lvl);

export const PRINCIPLES: Record<string, { zh: string; en: string }> = {
  '1': { zh: '可感知', en: 'perceivable' },
  '2': { zh: '可操作', en: 'operable' },
  '3': { zh: '可理解', en: 'understandable' },
  '4': { zh: '兼容', en: 'robust' },
};

/** `wcag111` → `1.1.1`, `wcag1410` → `1.4.10`; level tags (wcag2a, wcag21aa) are not criteria. */
export function scFromTag(tag: string): string | undefined {
  const m = /^wcag(\d)(\d)(\d{1,2})$/.exec(tag);
  return m ? `${m[1]}.${m[2]}.${m[3]}` : undefined;
}

export interface GbtMapping {
  /** WCAG 2.0 success criteria the rule tests (those in GB/T 37668). */
  criteria: string[];
  /** Lowest (strictest-to-meet) GB/T level among them: 1, 2 or 3; undefined when unmapped. */
  level?: 1 | 2 | 3;
  wcagLevel?: 'A' | 'AA' | 'AAA';
  principles: string[];
  /** Criteria outside WCAG 2.0 (2.1/2.2 additions). */
  outside: string[];
}

export function mapAxeRule(tags: string[]): GbtMapping {
  const scs = tags.map(scFromTag).filter((s): s is string => !!s);
  const criteria = scs.filter((s) => LEVEL_OF.has(s));
  const outside = scs.filter((s) => !LEVEL_OF.has(s));
  let level: 1 | 2 | 3 | undefined;
  let wcagLevel: 'A' | 'AA' | 'AAA' | undefined;
  for (const sc of criteria) {
    const w = LEVEL_OF.get(sc)!;
    const g = GBT_LEVEL[w];
    if (level === undefined || g < level) {
      level = g;
      wcagLevel = w;
    }
  }
  return { criteria, level, wcagLevel, principles: [...new Set(criteria.map((c) => PRINCIPLES[c[0]].zh))], outside };
}
