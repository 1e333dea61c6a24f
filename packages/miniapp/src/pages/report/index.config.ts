export default definePageConfig({ navigationBarTitleText: '报工' });
