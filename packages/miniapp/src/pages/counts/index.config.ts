export default definePageConfig({ navigationBarTitleText: '盘点' });
