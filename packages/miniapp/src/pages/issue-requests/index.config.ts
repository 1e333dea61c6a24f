export default definePageConfig({ navigationBarTitleText: '领料' });
