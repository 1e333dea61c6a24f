/** Texts of the report page; `en` must have the same keys (the type checks it). */
export const zhCN = {
  'report.title': '报工',
} as const;

export const en: Record<keyof typeof zhCN, string> = {
  'report.title': 'Report',
};
