/** Texts of the board page; `en` must have the same keys (the type checks it). */
export const zhCN = {
  'board.title': '生产看板',
} as const;

export const en: Record<keyof typeof zhCN, string> = {
  'board.title': 'Board',
};
