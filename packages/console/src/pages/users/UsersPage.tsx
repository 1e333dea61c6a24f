import { PlusOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { Role, User as UserRow } from '@shopfloor/sdk';
import {
  isRoleChangePending,
  type RoleChangeAnswer,
  type RolesInput,
  type UserInput,
} from '@shopfloor/sdk/admin';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Checkbox,
  Drawer,
  Form,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { client } from '../../api/client';
import { allPages } from '../../api/path';
import { t } from '../../i18n/i18n';
import { navigate, useRoute } from '../../layout/router';
import { errorText, problemKind } from '../../shared/errors';
import { matches } from '../../shared/format';
import { platformLabel, ROLES, roleLabel } from '../../shared/labels';
import { ActiveTag, PageHeader, useIdempotencyKey, useShowError } from '../../shared/ui';
import { RoleRequestsCard, roleRequestErrorText, usePendingRoleRequests } from './RoleRequests';

/** Workshops and warehouses as select options, shared by the grant and the create forms. */
function useScopeOptions() {
  const shops = useQuery({ queryKey: ['workshops', 'all'], queryFn: () => client.workshops.listPage() });
  const houses = useQuery({ queryKey: ['warehouses', 'all'], queryFn: () => client.warehouses.listPage() });
  return {
    workshops: (shops.data?.items ?? []).map((w) => ({ value: w.code, label: `${w.name} (${w.code})` })),
    warehouses: (houses.data?.items ?? []).map((w) => ({ value: w.code, label: `${w.name} (${w.code})` })),
  };
}

/** 人员与权限: who may do what where; people who signed in once and wait for a role come first. */
export default function UsersPage() {
  const { params } = useRoute();
  const pendingOnly = params.get('pending') === '1';
  const [words, setWords] = useState('');
  const [granting, setGranting] = useState<UserRow>();
  const [creating, setCreating] = useState(false);
  const all = useQuery({
    queryKey: ['users', 'all'],
    queryFn: () => allPages((q) => client.users.listPage(q)),
  });
  const pending = useQuery({
    queryKey: ['users', 'pending'],
    queryFn: () => allPages((q) => client.users.listPage({ ...q, pending: true })),
  });
  const waiting = usePendingRoleRequests();
  const waitingFor = new Set((waiting.data ?? []).map((r) => r.userId));
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError();
  const setActive = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) => client.users.update(id, { active }),
    onSuccess: () => {
      message.success(t('common.saved'));
      queryClient.invalidateQueries({ queryKey: ['users'] });
    },
    onError: showError,
  });
  const setTeam = useMutation({
    mutationFn: ({ id, team }: { id: string; team: string | null }) => client.users.update(id, { team }),
    onSuccess: () => {
      message.success(t('common.saved'));
      queryClient.invalidateQueries({ queryKey: ['users'] });
    },
    onError: showError,
  });

  const setEmail = useMutation({
    mutationFn: ({ id, email }: { id: string; email: string | null }) => client.users.update(id, { email }),
    onSuccess: () => {
      message.success(t('common.saved'));
      queryClient.invalidateQueries({ queryKey: ['users'] });
    },
    onError: showError,
  });

  const source = pendingOnly ? pending : all;
  const rows = (source.data ?? []).filter((u) => matches(words, u.id, u.name, u.platformUserId));
  const columns: ColumnsType<UserRow> = [
    {
      title: t('user.name'),
      dataIndex: 'name',
      width: 170,
      render: (name: string, u) =>
        waitingFor.has(u.id) ? (
          <Space size={4}>
            {name}
            <Tag color="orange" className="role-request-badge">
              {t('roleRequest.pendingBadge')}
            </Tag>
          </Space>
        ) : (
          name
        ),
    },
    { title: t('user.id'), dataIndex: 'id', width: 160, render: (v) => <span className="mono">{v}</span> },
    { title: t('user.platform'), dataIndex: 'platform', width: 90, render: platformLabel },
    {
      title: t('user.roles'),
      dataIndex: 'roles',
      render: (roles: Role[]) =>
        roles.length === 0 ? (
          <Tag color="orange">{t('user.noRole')}</Tag>
        ) : (
          roles.map((r) => (
            <Tag key={r} color={r === 'admin' ? 'red' : 'blue'}>
              {roleLabel(r)}
            </Tag>
          ))
        ),
    },
    {
      title: t('user.workshops'),
      key: 'workshops',
      width: 170,
      ellipsis: true,
      render: (_, u) => u.scopes?.workshops.join('、') || '—',
    },
    {
      title: t('user.warehouses'),
      key: 'warehouses',
      width: 130,
      ellipsis: true,
      render: (_, u) => u.scopes?.warehouses.join('、') || '—',
    },
    {
      title: t('user.team'),
      dataIndex: 'team',
      width: 100,
      // Edited in place: the team comparison (班组对比) counts each report for its reporter's team.
      render: (team: string | undefined, u) => (
        <Typography.Text
          editable={{
            tooltip: t('user.teamEdit'),
            maxLength: 32,
            onChange: (value) => {
              const next = value.trim() || null;
              if (next !== (team ?? null)) setTeam.mutate({ id: u.id, team: next });
            },
          }}
        >
          {team ?? ''}
        </Typography.Text>
      ),
    },
    {
      title: t('user.email'),
      dataIndex: 'email',
      width: 150,
      ellipsis: true,
      // Edited in place: alert rules with the e-mail channel reach only users who have one.
      render: (email: string | null | undefined, u) => (
        <Typography.Text
          editable={{
            tooltip: t('user.emailEdit'),
            maxLength: 254,
            onChange: (value) => {
              const next = value.trim() || null;
              if (next !== (email ?? null)) setEmail.mutate({ id: u.id, email: next });
            },
          }}
        >
          {email ?? ''}
        </Typography.Text>
      ),
    },
    {
      title: t('common.status'),
      dataIndex: 'active',
      width: 72,
      render: (active) => <ActiveTag active={active} />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 140,
      render: (_, u) => (
        <Space size={0}>
          <Button
            type="link"
            size="small"
            icon={<SafetyCertificateOutlined />}
            onClick={() => setGranting(u)}
          >
            {t('user.grant')}
          </Button>
          <Button
            type="link"
            size="small"
            danger={u.active !== false}
            onClick={() => setActive.mutate({ id: u.id, active: u.active === false })}
          >
            {u.active === false ? t('common.activate') : t('common.deactivate')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div className="stack">
      <PageHeader
        title={t('menu.users')}
        subtitle={t('user.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('user.create')}
          </Button>
        }
      />
      <Card className="search-card" variant="borderless">
        <Form layout="inline">
          <Form.Item>
            <Segmented
              value={pendingOnly ? 'pending' : 'all'}
              onChange={(v) => navigate('/users', { pending: v === 'pending' ? 1 : undefined })}
              options={[
                { value: 'all', label: t('user.filter.all') },
                {
                  value: 'pending',
                  label: (
                    <Space size={6}>
                      {t('user.filter.pending')}
                      <Badge count={pending.data?.length ?? 0} size="small" showZero={false} />
                    </Space>
                  ),
                },
              ]}
            />
          </Form.Item>
          <Form.Item label={t('user.search')}>
            <Input
              allowClear
              value={words}
              onChange={(e) => setWords(e.target.value)}
              placeholder={t('user.searchPlaceholder')}
              style={{ width: 240 }}
            />
          </Form.Item>
        </Form>
      </Card>
      <RoleRequestsCard />
      <Card className="table-card" variant="borderless">
        {source.isError && (
          <Alert type="error" showIcon title={errorText(source.error)} style={{ marginBottom: 8 }} />
        )}
        {pendingOnly && (
          <Alert type="info" showIcon title={t('user.pendingHint')} style={{ marginBottom: 8 }} />
        )}
        <Table<UserRow>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={source.isFetching}
          pagination={{ pageSize: 50, size: 'small', hideOnSinglePage: true }}
          locale={{ emptyText: pendingOnly ? t('user.nonePending') : t('common.noData') }}
        />
      </Card>
      <GrantDrawer user={granting} onClose={() => setGranting(undefined)} />
      <CreateUserModal open={creating} onClose={() => setCreating(false)} />
    </div>
  );
}

function GrantDrawer({ user, onClose }: { user?: UserRow; onClose: () => void }) {
  const [form] = Form.useForm<RolesInput>();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const showError = useShowError(form);
  const scopes = useScopeOptions();
  const save = useMutation({
    mutationFn: (input: RolesInput) => client.users.setRoles(user!.id, input),
    onSuccess: (saved) => {
      announceRoleChange(saved, message);
      queryClient.invalidateQueries({ queryKey: ['users'] });
      queryClient.invalidateQueries({ queryKey: ['role-requests'] });
      onClose();
    },
    onError: (error) => {
      if (problemKind(error) === 'last-admin') {
        modal.warning({ title: t('user.lastAdmin'), content: errorText(error) });
      } else if (problemKind(error) === 'role-request-pending') {
        modal.warning({ title: t('roleRequest.title'), content: roleRequestErrorText(error) });
      } else showError(error);
    },
  });
  return (
    <Drawer
      title={user ? t('user.grantTitle', { name: user.name }) : ''}
      open={!!user}
      onClose={onClose}
      size={460}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {user && (
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            save.mutate({
              roles: v.roles ?? [],
              workshops: v.workshops ?? [],
              warehouses: v.warehouses ?? [],
            })
          }
          initialValues={{
            roles: user.roles,
            workshops: user.scopes?.workshops ?? [],
            warehouses: user.scopes?.warehouses ?? [],
          }}
        >
          <Form.Item name="roles" label={t('user.roles')} extra={t('user.rolesHint')}>
            <Checkbox.Group
              className="role-checks"
              options={ROLES.map((role) => ({
                value: role,
                label: (
                  <span>
                    {roleLabel(role)}
                    <span className="role-hint">{t(`roleHint.${role}` as 'roleHint.admin')}</span>
                  </span>
                ),
              }))}
            />
          </Form.Item>
          <Form.Item name="workshops" label={t('user.workshops')} extra={t('user.workshopsHint')}>
            <Select
              mode="multiple"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={scopes.workshops}
            />
          </Form.Item>
          <Form.Item name="warehouses" label={t('user.warehouses')} extra={t('user.warehousesHint')}>
            <Select
              mode="multiple"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={scopes.warehouses}
            />
          </Form.Item>
        </Form>
      )}
    </Drawer>
  );
}

function CreateUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<UserInput>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError(form);
  const scopes = useScopeOptions();
  const idempotencyKey = useIdempotencyKey(open);
  const create = useMutation({
    mutationFn: (input: UserInput) => client.users.create(input, { idempotencyKey }),
    onSuccess: (answer) => {
      if (isRoleChangePending(answer)) announceRoleChange(answer, message);
      else message.success(t('user.created', { name: answer.name }));
      queryClient.invalidateQueries({ queryKey: ['users'] });
      queryClient.invalidateQueries({ queryKey: ['role-requests'] });
      onClose();
    },
    onError: showError,
  });
  return (
    <Modal
      title={t('user.create')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      destroyOnHidden
      width={560}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ platform: 'dingtalk', roles: [], workshops: [], warehouses: [] }}
        onFinish={(v) =>
          create.mutate({
            ...v,
            platformUserId: v.platformUserId.trim(),
            name: v.name.trim(),
            team: v.team?.trim() || null,
          })
        }
      >
        <div className="form-row">
          <Form.Item name="platform" label={t('user.platform')} rules={[{ required: true }]}>
            <Select
              options={[
                { value: 'dingtalk', label: platformLabel('dingtalk') },
                { value: 'wecom', label: platformLabel('wecom') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="platformUserId"
            label={t('user.platformUserId')}
            rules={[{ required: true, whitespace: true }]}
          >
            <Input maxLength={64} />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item name="name" label={t('user.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="team" label={t('user.team')} extra={t('user.teamHint')}>
            <Input maxLength={32} />
          </Form.Item>
        </div>
        <Form.Item name="roles" label={t('user.roles')}>
          <Checkbox.Group options={ROLES.map((role) => ({ value: role, label: roleLabel(role) }))} />
        </Form.Item>
        <div className="form-row">
          <Form.Item name="workshops" label={t('user.workshops')}>
            <Select
              mode="multiple"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={scopes.workshops}
            />
          </Form.Item>
          <Form.Item name="warehouses" label={t('user.warehouses')}>
            <Select
              mode="multiple"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              options={scopes.warehouses}
            />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}

/** Saved at once, or waiting for a second administrator: the admin learns which. */
function announceRoleChange(
  answer: RoleChangeAnswer,
  message: { success: (text: string) => void; info: (text: string) => void },
) {
  if (isRoleChangePending(answer)) message.info(t('roleRequest.submitted', { name: answer.user.name }));
  else message.success(t('user.granted', { name: answer.name }));
}
