/** Texts of the stock alerts page; `en` must have the same keys (the type checks it). */
export const zhCN = {
  'alerts.title': '库存预警',
} as const;

export const en: Record<keyof typeof zhCN, string> = {
  'alerts.title': 'Stock alerts',
};
