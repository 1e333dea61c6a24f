import { t } from '../../i18n/i18n';
import { Section } from '../index/Section';
import { ApprovalRow } from './CountRows';
import { useCountApprovals } from './use-count-lists';

/** On the home page, beside the issue requests: count variances waiting for this approver or storekeeper. */
export function CountApprovalsSection() {
  const query = useCountApprovals();
  return (
    <Section title={t('home.pendingCounts')} query={query} empty={t('counts.approvalsEmpty')}>
      {(tasks) => tasks.map((task) => <ApprovalRow key={task.id} task={task} />)}
    </Section>
  );
}
