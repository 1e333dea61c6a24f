export default definePageConfig({ navigationBarTitleText: '生产现场' });
