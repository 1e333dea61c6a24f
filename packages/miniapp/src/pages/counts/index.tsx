import { useRouter } from '@tarojs/taro';
import { Screen } from '../../components/Screen';
import { CountLists } from './CountLists';
import { CountTask } from './CountTask';
import '../report/report.css';
import './counts.css';

/**
 * 盘点. By route parameters: `?id=<uuid>[&explain=1]` one task (count it, or decide its variance);
 * none: my count tasks and the variances waiting for me (`?tab=approvals`).
 */
export default function CountsPage() {
  const { params } = useRouter();
  const id = param(params.id);
  return (
    <Screen>
      {id ? (
        <CountTask key={id} id={id} explain={param(params.explain) === '1'} />
      ) : (
        <CountLists initialTab={param(params.tab)} />
      )}
    </Screen>
  );
}

/** Taro hands query values over still encoded on H5. */
function param(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
