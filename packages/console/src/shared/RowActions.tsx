import { Button, Popconfirm, Space } from 'antd';
import { t } from '../i18n/i18n';

/** 编辑 · 停用/启用 · 删除 — the same three on every master-data row. */
export function RowActions(props: {
  code: string;
  active: boolean;
  onEdit: () => void;
  onActivate: () => void;
  onDeactivate: () => void;
  onDelete: () => void;
}) {
  return (
    <Space size={0} onClick={(e) => e.stopPropagation()}>
      <Button type="link" size="small" onClick={props.onEdit}>
        {t('common.edit')}
      </Button>
      {props.active ? (
        <Button type="link" size="small" onClick={props.onDeactivate}>
          {t('common.deactivate')}
        </Button>
      ) : (
        <Button type="link" size="small" onClick={props.onActivate}>
          {t('common.activate')}
        </Button>
      )}
      <Popconfirm
        title={t('common.deleteConfirm', { code: props.code })}
        okText={t('common.delete')}
        cancelText={t('common.cancel')}
        okButtonProps={{ danger: true }}
        onConfirm={props.onDelete}
      >
        <Button type="link" size="small" danger>
          {t('common.delete')}
        </Button>
      </Popconfirm>
    </Space>
  );
}
