import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, InputNumber, Modal, Select, Space, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { t } from '../../i18n/i18n';
import { useIdempotencyKey, useShowError } from '../../shared/ui';
import { type AlertRule, type AlertRuleInput, alertRulesApi, type Severity } from './api';
import {
  ALERT_KINDS,
  channelLabel,
  kindLabel,
  PERSON_CHANNELS,
  RECIPIENT_ROLES,
  recipientRoleLabel,
  SEVERITIES,
  severityLabel,
} from './wording';

interface Values {
  name: string;
  active: boolean;
  kinds: string[];
  minSeverity: Severity;
  workshops: string[];
  warehouses: string[];
  users: string[];
  roles: string[];
  channels: string[];
  quiet: boolean;
  quietFrom?: string;
  quietTo?: string;
  escalation: { afterMinutes: number; users?: string[]; roles?: string[] }[];
}

export interface Choices {
  users: { value: string; label: string }[];
  workshops: { value: string; label: string }[];
  warehouses: { value: string; label: string }[];
  robots: Map<string, string>;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

function inputOf(v: Values): AlertRuleInput {
  return {
    name: v.name.trim(),
    active: v.active,
    kinds: v.kinds ?? [],
    minSeverity: v.minSeverity,
    workshops: v.workshops ?? [],
    warehouses: v.warehouses ?? [],
    recipients: { users: v.users ?? [], roles: v.roles ?? [] },
    channels: v.channels ?? [],
    quietHours: v.quiet && v.quietFrom && v.quietTo ? { from: v.quietFrom, to: v.quietTo } : null,
    escalation: (v.escalation ?? []).map((s) => ({
      afterMinutes: s.afterMinutes,
      recipients: { users: s.users ?? [], roles: s.roles ?? [] },
    })),
  };
}

/** 新建 / 编辑预警规则: what alerts, whom, on which channels, quiet hours and escalation steps. */
export function RuleForm({
  open,
  editing,
  choices,
  onClose,
}: {
  open: boolean;
  editing?: AlertRule;
  choices: Choices;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError(form);
  const idempotencyKey = useIdempotencyKey(open);
  const quiet = Form.useWatch('quiet', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (editing)
      form.setFieldsValue({
        name: editing.name,
        active: editing.active,
        kinds: editing.kinds,
        minSeverity: editing.minSeverity,
        workshops: editing.workshops,
        warehouses: editing.warehouses,
        users: editing.recipients.users,
        roles: editing.recipients.roles,
        channels: editing.channels,
        quiet: !!editing.quietHours,
        quietFrom: editing.quietHours?.from,
        quietTo: editing.quietHours?.to,
        escalation: editing.escalation.map((s) => ({
          afterMinutes: s.afterMinutes,
          users: s.recipients.users,
          roles: s.recipients.roles,
        })),
      });
  }, [open, editing, form]);

  const save = useMutation({
    mutationFn: (v: Values) =>
      editing
        ? alertRulesApi.update(editing.id, inputOf(v))
        : alertRulesApi.create(inputOf(v), idempotencyKey),
    onSuccess: (rule) => {
      message.success(t('alertRules.saved', { name: rule.name }));
      queryClient.invalidateQueries({ queryKey: ['alert-rules'] });
      onClose();
    },
    onError: showError,
  });

  const roleOptions = RECIPIENT_ROLES.map((r) => ({ value: r, label: recipientRoleLabel(r) }));
  const channelOptions = [
    ...PERSON_CHANNELS.map((c) => ({ value: c, label: channelLabel(c) })),
    ...[...choices.robots.keys()].map((id) => ({
      value: `robot:${id}`,
      label: channelLabel(`robot:${id}`, choices.robots),
    })),
  ];
  return (
    <Modal
      open={open}
      width={760}
      title={editing ? t('alertRules.edit', { name: editing.name }) : t('alertRules.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        className="alert-rule-form"
        initialValues={{
          active: true,
          kinds: [],
          minSeverity: 'info',
          workshops: [],
          warehouses: [],
          users: [],
          roles: [],
          channels: ['dingtalk', 'wecom'],
          quiet: false,
          quietFrom: '22:00',
          quietTo: '07:00',
          escalation: [],
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Space align="start" size={12} style={{ display: 'flex' }}>
          <Form.Item
            name="name"
            label={t('alertRules.name')}
            rules={[{ required: true, whitespace: true, max: 100 }]}
            style={{ width: 440 }}
          >
            <Input placeholder={t('alertRules.namePlaceholder')} />
          </Form.Item>
          <Form.Item name="active" label={t('common.status')} valuePropName="checked">
            <Switch checkedChildren={t('common.active')} unCheckedChildren={t('common.inactive')} />
          </Form.Item>
        </Space>
        <Space align="start" size={12} style={{ display: 'flex' }}>
          <Form.Item
            name="kinds"
            label={t('alertRules.kinds')}
            extra={t('alertRules.kindsHint')}
            style={{ width: 440 }}
          >
            <Select
              mode="multiple"
              allowClear
              options={ALERT_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
            />
          </Form.Item>
          <Form.Item name="minSeverity" label={t('alertRules.minSeverity')} style={{ width: 160 }}>
            <Select options={SEVERITIES.map((s) => ({ value: s, label: severityLabel(s) }))} />
          </Form.Item>
        </Space>
        <Space align="start" size={12} style={{ display: 'flex' }}>
          <Form.Item
            name="workshops"
            label={t('alertRules.workshops')}
            extra={t('alertRules.anyHint')}
            style={{ width: 300 }}
          >
            <Select mode="multiple" allowClear options={choices.workshops} optionFilterProp="label" />
          </Form.Item>
          <Form.Item
            name="warehouses"
            label={t('alertRules.warehouses')}
            extra={t('alertRules.anyHint')}
            style={{ width: 300 }}
          >
            <Select mode="multiple" allowClear options={choices.warehouses} optionFilterProp="label" />
          </Form.Item>
        </Space>
        <Space align="start" size={12} style={{ display: 'flex' }}>
          <Form.Item name="roles" label={t('alertRules.roles')} style={{ width: 300 }}>
            <Select mode="multiple" allowClear options={roleOptions} />
          </Form.Item>
          <Form.Item name="users" label={t('alertRules.users')} style={{ width: 300 }}>
            <Select mode="multiple" allowClear options={choices.users} optionFilterProp="label" />
          </Form.Item>
        </Space>
        <Form.Item
          name="channels"
          label={t('alertRules.channels')}
          rules={[{ required: true, type: 'array', min: 1 }]}
        >
          <Select mode="multiple" options={channelOptions} />
        </Form.Item>
        <Space align="start" size={12} style={{ display: 'flex' }}>
          <Form.Item
            name="quiet"
            label={t('alertRules.quietHours')}
            valuePropName="checked"
            extra={t('alertRules.quietHint')}
            style={{ width: 300 }}
          >
            <Switch />
          </Form.Item>
          {quiet && (
            <>
              <Form.Item
                name="quietFrom"
                label={t('alertRules.quietFrom')}
                rules={[{ required: true, pattern: HHMM, message: 'HH:mm' }]}
              >
                <Input style={{ width: 90 }} placeholder="22:00" />
              </Form.Item>
              <Form.Item
                name="quietTo"
                label={t('alertRules.quietTo')}
                rules={[{ required: true, pattern: HHMM, message: 'HH:mm' }]}
              >
                <Input style={{ width: 90 }} placeholder="07:00" />
              </Form.Item>
            </>
          )}
        </Space>
        <Typography.Text strong>{t('alertRules.escalation')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('alertRules.escalationHint')}
        </Typography.Paragraph>
        <Form.List name="escalation">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Space key={field.key} align="start" size={8} style={{ display: 'flex' }}>
                  <Typography.Text style={{ lineHeight: '28px', width: 56 }}>
                    {t('alertRules.level', { n: i + 1 })}
                  </Typography.Text>
                  <Form.Item name={[field.name, 'afterMinutes']} rules={[{ required: true }]}>
                    <InputNumber
                      min={1}
                      max={10080}
                      addonAfter={t('alertRules.minutes')}
                      style={{ width: 150 }}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'roles']}>
                    <Select
                      mode="multiple"
                      allowClear
                      placeholder={t('alertRules.roles')}
                      options={roleOptions}
                      style={{ width: 220 }}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'users']}>
                    <Select
                      mode="multiple"
                      allowClear
                      placeholder={t('alertRules.users')}
                      options={choices.users}
                      optionFilterProp="label"
                      style={{ width: 200 }}
                    />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    onClick={() => remove(field.name)}
                    aria-label={t('common.delete')}
                  />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                disabled={fields.length >= 5}
                onClick={() =>
                  add({ afterMinutes: (fields.length + 1) * 30, roles: ['supervisor'], users: [] })
                }
              >
                {t('alertRules.addLevel')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
