import { Screen } from '../../components/Screen';
import { Home } from './Home';

/** 首页: what the signed-in person should do next, by role. */
export default function IndexPage() {
  return (
    <Screen>
      <Home />
    </Screen>
  );
}
