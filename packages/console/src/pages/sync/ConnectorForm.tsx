import type { SyncConnector, SyncConnectorKind } from '@shopfloor/sdk';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Form, Input, InputNumber, Modal, Select, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { t } from '../../i18n/i18n';
import { useIdempotencyKey, useShowError } from '../../shared/ui';
import { type ConnectorChange, type ConnectorInput, syncApi } from './api';
import { CONFIG_FIELDS, type ConfigField, KINDS, kindLabel, optionLabel } from './wording';

interface Values {
  kind: SyncConnectorKind;
  name: string;
  topics?: string[];
  enabled?: boolean;
  alertAfterFailures?: number | null;
  config?: Record<string, unknown>;
}

/** The config as the server takes it: empty fields left out (in an edit, left out = kept). */
export function configFrom(
  fields: ConfigField[],
  values: Record<string, unknown> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = values[field.name];
    if (raw === undefined || raw === null) continue;
    if (typeof raw === 'string') {
      const text = raw.trim();
      if (!text) continue;
      out[field.name] = field.type === 'json' ? JSON.parse(text) : text;
    } else if (Array.isArray(raw)) {
      const list = raw.map((v) => String(v).trim()).filter(Boolean);
      if (list.length) out[field.name] = list;
    } else {
      out[field.name] = raw;
    }
  }
  return out;
}

/** The form values of a connector's settings (its config without secrets); secret fields stay empty. */
export function formFrom(
  fields: ConfigField[],
  settings: Record<string, unknown> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = settings[field.name];
    if (field.type === 'secret' || value === undefined || value === null) continue;
    out[field.name] = field.type === 'json' ? JSON.stringify(value, null, 2) : value;
  }
  return out;
}

/** 新建连接器 (kind first, then its own config fields) or 编辑 one (kind fixed, secrets write-only). */
export function ConnectorForm({
  open,
  editing,
  onClose,
}: {
  open: boolean;
  editing?: SyncConnector;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showError = useShowError(form);
  const idempotencyKey = useIdempotencyKey(open);
  const kind = Form.useWatch('kind', form) ?? editing?.kind;
  const fields = kind ? CONFIG_FIELDS[kind] : [];

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (editing)
      form.setFieldsValue({
        kind: editing.kind,
        name: editing.name,
        topics: editing.topics,
        alertAfterFailures: editing.alertAfterFailures,
        config: formFrom(CONFIG_FIELDS[editing.kind], editing.settings),
      });
  }, [open, editing, form]);

  const save = useMutation({
    mutationFn: (v: Values) => {
      let config: Record<string, unknown>;
      try {
        config = configFrom(fields, v.config);
      } catch {
        const bad = fields.find((f) => f.type === 'json')?.name ?? 'options';
        form.setFields([{ name: ['config', bad], errors: [t('sync.form.badJson')] }]);
        throw new Error(t('sync.form.badJson'));
      }
      if (editing) {
        const change: ConnectorChange = { name: v.name.trim() };
        // Only what was changed: nested options are shown without their secrets, and sending
        // them back unchanged would replace the stored ones (the server merges the top level).
        const shown = configFrom(fields, formFrom(fields, editing.settings));
        for (const [key, value] of Object.entries(shown))
          if (JSON.stringify(config[key]) === JSON.stringify(value)) delete config[key];
        if (Object.keys(config).length) change.config = config;
        if (!INBOUND(editing.kind)) change.topics = v.topics?.length ? v.topics : null;
        if (v.alertAfterFailures) change.alertAfterFailures = v.alertAfterFailures;
        return syncApi.update(editing.id, change);
      }
      const input: ConnectorInput = {
        kind: v.kind,
        name: v.name.trim(),
        config,
        enabled: v.enabled ?? true,
        ...(v.topics?.length ? { topics: v.topics } : {}),
        ...(v.alertAfterFailures ? { alertAfterFailures: v.alertAfterFailures } : {}),
      };
      return syncApi.create(input, idempotencyKey);
    },
    onSuccess: (saved) => {
      message.success(t(editing ? 'sync.saved' : 'sync.created', { name: saved.name }));
      queryClient.invalidateQueries({ queryKey: ['sync'] });
      onClose();
    },
    onError: showError,
  });

  const keep = editing ? t('sync.form.keep') : undefined;
  return (
    <Modal
      title={editing ? t('sync.editTitle', { name: editing.name }) : t('sync.create')}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={640}
    >
      <Form
        form={form}
        layout="horizontal"
        labelCol={{ span: 6 }}
        wrapperCol={{ span: 18 }}
        initialValues={{ enabled: true }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="kind" label={t('sync.kind')} rules={[{ required: true }]}>
          <Select
            disabled={!!editing}
            options={KINDS.map((k) => ({ value: k, label: `${kindLabel(k)} · ${k}` }))}
          />
        </Form.Item>
        <Form.Item name="name" label={t('sync.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        {fields.map((field) => (
          <Form.Item
            key={`${kind}-${field.name}`}
            name={['config', field.name]}
            label={t(field.label)}
            tooltip={field.name}
            rules={field.required && !editing ? [{ required: true }] : []}
            extra={field.type === 'secret' && editing ? t('sync.form.secretKept') : undefined}
          >
            <FieldInput field={field} placeholder={keep ?? field.placeholder} />
          </Form.Item>
        ))}
        {kind && !INBOUND(kind) && (
          <Form.Item name="topics" label={t('sync.topics')} extra={t('sync.form.topicsHint')}>
            <Select mode="tags" tokenSeparators={[',', ' ']} open={false} suffixIcon={null} />
          </Form.Item>
        )}
        <Form.Item
          name="alertAfterFailures"
          label={t('sync.alertAfter')}
          extra={t('sync.form.alertAfterHint')}
        >
          <InputNumber min={1} max={100} placeholder={editing ? keep : '2'} style={{ width: 120 }} />
        </Form.Item>
        {!editing && (
          <Form.Item name="enabled" label={t('sync.enabled')} valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
        {editing && <Typography.Text type="secondary">{t('sync.form.editHint')}</Typography.Text>}
      </Form>
    </Modal>
  );
}

const INBOUND = (kind: string) => ['rabbitmq-inbound', 'http-poll', 'database'].includes(kind);

function FieldInput({
  field,
  placeholder,
  ...rest
}: {
  field: ConfigField;
  placeholder?: string;
  value?: unknown;
  onChange?: (value: unknown) => void;
}) {
  switch (field.type) {
    case 'secret':
      return <Input.Password {...(rest as object)} placeholder={placeholder} autoComplete="new-password" />;
    case 'number':
      return <InputNumber {...(rest as object)} placeholder={placeholder} style={{ width: 160 }} />;
    case 'list':
      return (
        <Select
          {...(rest as object)}
          mode="tags"
          tokenSeparators={[',', ' ', ';']}
          open={false}
          suffixIcon={null}
          placeholder={placeholder}
        />
      );
    case 'select':
      return (
        <Select
          {...(rest as object)}
          allowClear
          placeholder={placeholder}
          options={field.options?.map((o) => ({ value: o, label: optionLabel(field, o) }))}
          style={{ width: 160 }}
        />
      );
    case 'bool':
      return (
        <Select
          {...(rest as object)}
          allowClear
          placeholder={placeholder}
          options={[
            { value: true, label: t('sync.form.yes') },
            { value: false, label: t('sync.form.no') },
          ]}
          style={{ width: 160 }}
        />
      );
    case 'json':
      return (
        <Input.TextArea
          {...(rest as object)}
          placeholder={placeholder ?? '{ }'}
          autoSize={{ minRows: 2, maxRows: 6 }}
          className="mono"
        />
      );
    default:
      return <Input {...(rest as object)} placeholder={placeholder} />;
  }
}
