import { useRouter } from '@tarojs/taro';
import { Screen } from '../../components/Screen';
import { CreateRequest } from './Create';
import { RequestDetail } from './Detail';
import { RequestList } from './List';
import './issue-requests.css';

/**
 * 领料申请. By route parameters: `?id=<uuid>` one request (approve, reject, withdraw);
 * `?new=1[&workOrderNo=…]` a new request for a work order; none: the lists.
 */
export default function IssueRequestsPage() {
  const { params } = useRouter();
  return (
    <Screen>
      <Mode params={params} />
    </Screen>
  );
}

function Mode({ params }: { params: Record<string, string | undefined> }) {
  const id = param(params.id);
  if (id) return <RequestDetail id={id} />;
  if (param(params.new)) return <CreateRequest workOrderNo={param(params.workOrderNo)} />;
  return <RequestList initialTab={param(params.tab)} />;
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
