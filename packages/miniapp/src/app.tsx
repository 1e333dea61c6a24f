import { useDidShow } from '@tarojs/taro';
import type { PropsWithChildren } from 'react';
import { watchUnknownRoutes } from './not-found';
import { getServices } from './services/start';
import './app.css';

watchUnknownRoutes();

/** The app root: pages render inside; the outbox is retried whenever the app comes to the front. */
function App({ children }: PropsWithChildren) {
  useDidShow(() => {
    void getServices().then(
      ({ outbox }) => outbox.notifyShow(),
      () => undefined, // a failed start is shown by the page's <Screen>
    );
  });
  return children;
}

export default App;
