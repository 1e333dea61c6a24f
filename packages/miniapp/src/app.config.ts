import { PAGES } from './routes';

export default defineAppConfig({
  pages: PAGES,
  window: {
    backgroundTextStyle: 'dark',
    navigationBarBackgroundColor: '#0b3d91',
    navigationBarTitleText: '生产现场',
    navigationBarTextStyle: 'white',
    backgroundColor: '#eef1f5',
  },
});
