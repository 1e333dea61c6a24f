export default definePageConfig({ navigationBarTitleText: '生产看板' });
