/** Texts of the trace page; `en` must have the same keys (the type checks it). */
export const zhCN = {
  'trace.title': '批次追溯',
} as const;

export const en: Record<keyof typeof zhCN, string> = {
  'trace.title': 'Trace',
};
