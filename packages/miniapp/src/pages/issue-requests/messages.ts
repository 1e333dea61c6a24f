/** Texts of the issue requests page; `en` must have the same keys (the type checks it). */
export const zhCN = {
  'issuerequests.title': '领料',
} as const;

export const en: Record<keyof typeof zhCN, string> = {
  'issuerequests.title': 'Issue requests',
};
