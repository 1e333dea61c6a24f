export default definePageConfig({ navigationBarTitleText: '批次追溯' });
