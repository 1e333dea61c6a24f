/** Texts of the outbox page; `en` must have the same keys (the type checks it). */
export const zhCN = {
  'outbox.title': '待发送',
} as const;

export const en: Record<keyof typeof zhCN, string> = {
  'outbox.title': 'Outbox',
};
