import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import type { RoleRequest } from '@shopfloor/sdk/admin';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Space, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { client } from '../../api/client';
import { allPages } from '../../api/path';
import { type MessageKey, t } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import { errorText, problemKind } from '../../shared/errors';
import { formatDateTime } from '../../shared/format';
import { roleLabel } from '../../shared/labels';

const PENDING_KEY = ['role-requests', 'pending'];

/** Role changes that wait for a second administrator (权限变更双人复核), shared by the card and the badges. */
export function usePendingRoleRequests() {
  return useQuery({
    queryKey: PENDING_KEY,
    queryFn: () => allPages((q) => client.roleRequests.listPage({ ...q, status: 'pending' })),
  });
}

const ROLE_REQUEST_PROBLEMS = new Set([
  'own-role-request',
  'own-role-grant',
  'role-request-decided',
  'role-request-pending',
  'role-request-user-inactive',
  'role-request-not-found',
]);

/** The refusal in the reader's language: the server's detail is English, its code is not. */
export function roleRequestErrorText(error: unknown): string {
  const kind = problemKind(error);
  return kind && ROLE_REQUEST_PROBLEMS.has(kind)
    ? t(`roleRequest.problem.${kind}` as MessageKey)
    : errorText(error);
}

/** The pending requests with approve and reject; the requester and the user himself may not approve. */
export function RoleRequestsCard() {
  const pending = usePendingRoleRequests();
  const me = useSession()?.user.id;
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const decide = useMutation({
    mutationFn: ({ request, approve }: { request: RoleRequest; approve: boolean }) =>
      approve ? client.roleRequests.approve(request.id) : client.roleRequests.reject(request.id),
    onSuccess: (decided) => {
      message.success(
        t(decided.status === 'approved' ? 'roleRequest.approved' : 'roleRequest.rejected', {
          name: decided.userName,
        }),
      );
    },
    onError: (error) => message.error(roleRequestErrorText(error)),
    // Decided or refused, the list and the users change: read both again.
    onSettled: () => {
      queryClient.invalidateQueries({ queryKey: ['role-requests'] });
      queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const rows = pending.data ?? [];
  if (rows.length === 0 && !pending.isError) return null;

  const columns: ColumnsType<RoleRequest> = [
    {
      title: t('roleRequest.user'),
      key: 'user',
      width: 200,
      render: (_, r) => (
        <span>
          {r.userName}{' '}
          <span className="mono" style={{ color: '#8c8c8c' }}>
            {r.userId}
          </span>
        </span>
      ),
    },
    {
      title: t('roleRequest.adds'),
      key: 'adds',
      render: (_, r) => (
        <Space size={[0, 4]} wrap>
          {r.add.roles.map((role) => (
            <Tag key={role} color={role === 'admin' ? 'red' : 'blue'}>
              + {roleLabel(role)}
            </Tag>
          ))}
          {r.add.workshops.map((w) => (
            <Tag key={`ws-${w}`}>
              + {t('user.workshops')} {w}
            </Tag>
          ))}
          {r.add.warehouses.map((w) => (
            <Tag key={`wh-${w}`}>
              + {t('user.warehouses')} {w}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: t('roleRequest.requestedBy'),
      key: 'requestedBy',
      width: 130,
      render: (_, r) => r.requestedByName ?? r.requestedBy,
    },
    {
      title: t('roleRequest.requestedAt'),
      dataIndex: 'requestedAt',
      width: 160,
      render: (at: string) => formatDateTime(at),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 170,
      render: (_, r) => {
        const own = r.requestedBy === me;
        const self = r.userId === me;
        const why = own ? t('roleRequest.yours') : self ? t('roleRequest.forYou') : undefined;
        return (
          <Space size={0}>
            <Tooltip title={why}>
              <Button
                type="link"
                size="small"
                icon={<CheckOutlined />}
                disabled={own || self}
                loading={
                  decide.isPending && decide.variables?.request.id === r.id && decide.variables.approve
                }
                onClick={() => decide.mutate({ request: r, approve: true })}
              >
                {t('roleRequest.approve')}
              </Button>
            </Tooltip>
            <Button
              type="link"
              size="small"
              danger
              icon={<CloseOutlined />}
              onClick={() => decide.mutate({ request: r, approve: false })}
            >
              {own ? t('roleRequest.withdraw') : t('roleRequest.reject')}
            </Button>
          </Space>
        );
      },
    },
  ];
  return (
    <Card
      className="table-card"
      variant="borderless"
      title={
        <Space>
          {t('roleRequest.title')}
          <Tag color="orange">{rows.length}</Tag>
        </Space>
      }
    >
      {pending.isError && (
        <Alert type="error" showIcon title={errorText(pending.error)} style={{ marginBottom: 8 }} />
      )}
      <Alert type="warning" showIcon title={t('roleRequest.hint')} style={{ marginBottom: 8 }} />
      <Table<RoleRequest>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: t('roleRequest.none') }}
      />
    </Card>
  );
}
