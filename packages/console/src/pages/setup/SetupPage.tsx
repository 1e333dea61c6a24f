import { CheckCircleOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import type { SetupProblem, SetupReport, SetupSheetReport } from '@shopfloor/sdk/admin';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Result, Space, Table, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { client } from '../../api/client';
import { type MessageKey, t, useLocale } from '../../i18n/i18n';
import { errorText } from '../../shared/errors';
import { saveBlob } from '../../shared/save-blob';
import { PageHeader } from '../../shared/ui';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The sheet as the workbook names it in the current language (`items` → 物料); '—' for the whole file. */
function sheetLabel(sheet: string | null): string {
  if (!sheet) return '—';
  const key = `sheet.${sheet}` as MessageKey;
  const text = t(key);
  return text === undefined ? sheet : text;
}

/**
 * 首次设置: the plant in one Excel workbook. Download the template (or today's data), fill it in,
 * upload it for a dry run that lists every problem by sheet, row and column, then apply it.
 */
export default function SetupPage() {
  const locale = useLocale();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File>();
  const [checked, setChecked] = useState<SetupReport>();
  const [applied, setApplied] = useState<SetupReport>();
  // One key per chosen file: pressing 导入 twice imports once; another file is another import.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key follows the file
  const idempotencyKey = useMemo(() => crypto.randomUUID(), [file]);

  const download = useMutation({
    mutationFn: (filled: boolean) => (filled ? client.setup.export() : client.setup.template()),
    onSuccess: (bytes, filled) =>
      saveBlob(
        new Blob([bytes as Uint8Array<ArrayBuffer>], { type: XLSX }),
        filled ? 'shopfloor-plant.xlsx' : 'shopfloor-setup-template.xlsx',
      ),
    onError: (error) => message.error(errorText(error)),
  });
  const dryRun = useMutation({
    mutationFn: async (f: File) =>
      client.setup.import(new Uint8Array(await f.arrayBuffer()), { dryRun: true }),
    onSuccess: setChecked,
    onError: (error) => message.error(errorText(error)),
  });
  const apply = useMutation({
    mutationFn: async (f: File) =>
      client.setup.import(new Uint8Array(await f.arrayBuffer()), { idempotencyKey }),
    onSuccess: (report) => {
      if (!report.applied) {
        setChecked(report);
        return;
      }
      setApplied(report);
      // Everything the workbook touches may have changed.
      queryClient.invalidateQueries();
    },
    onError: (error) => message.error(errorText(error)),
  });

  const pick = (f: File) => {
    setFile(f);
    setChecked(undefined);
    setApplied(undefined);
    dryRun.mutate(f);
    return false; // keep the file here; the upload is the dry run above
  };

  const problemColumns: ColumnsType<SetupProblem> = [
    { title: t('setup.sheet'), dataIndex: 'sheet', width: 140, render: sheetLabel },
    { title: t('setup.row'), dataIndex: 'row', width: 64, align: 'right', render: (v) => v ?? '—' },
    { title: t('setup.column'), dataIndex: 'column', width: 140, render: (v) => v ?? '—' },
    {
      title: t('setup.message'),
      key: 'message',
      render: (_, p) => (locale === 'en' && p.messageEn ? p.messageEn : p.message),
    },
  ];
  const countColumns: ColumnsType<SetupSheetReport> = [
    { title: t('setup.sheet'), dataIndex: 'sheet', render: sheetLabel },
    { title: t('setup.created'), dataIndex: 'created', width: 100, align: 'right' },
    { title: t('setup.updated'), dataIndex: 'updated', width: 100, align: 'right' },
    { title: t('setup.unchanged'), dataIndex: 'unchanged', width: 100, align: 'right' },
    // BOM lines and routing operations a parent's complete list in the workbook drops.
    ...(checked?.sheets.some((s) => s.removed)
      ? [{ title: t('setup.removed'), dataIndex: 'removed', width: 100, align: 'right' as const }]
      : []),
  ];
  const ready = checked && checked.problems.length === 0;

  return (
    <div className="stack">
      <PageHeader title={t('menu.setup')} subtitle={t('setup.subtitle')} />
      <Card variant="borderless" size="small" title={t('setup.step1')}>
        <Space orientation="vertical" size={8}>
          <Typography.Text type="secondary">{t('setup.step1Text')}</Typography.Text>
          <Space>
            <Button
              icon={<DownloadOutlined />}
              loading={download.isPending && download.variables === false}
              onClick={() => download.mutate(false)}
            >
              {t('setup.downloadTemplate')}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              loading={download.isPending && download.variables === true}
              onClick={() => download.mutate(true)}
            >
              {t('setup.downloadFilled')}
            </Button>
          </Space>
        </Space>
      </Card>
      <Card variant="borderless" size="small" title={t('setup.step2')}>
        <Upload.Dragger
          accept=".xlsx"
          multiple={false}
          showUploadList={false}
          beforeUpload={pick}
          disabled={dryRun.isPending || apply.isPending}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{file ? file.name : t('setup.dropHere')}</p>
          <p className="ant-upload-hint">{dryRun.isPending ? t('setup.checking') : t('setup.dropHint')}</p>
        </Upload.Dragger>
        {checked && (
          <div className="stack" style={{ marginTop: 12 }}>
            {checked.problems.length > 0 ? (
              <Alert type="error" showIcon title={t('setup.problemsFound', { n: checked.problems.length })} />
            ) : (
              <Alert type="success" showIcon title={t('setup.noProblems')} />
            )}
            {checked.problems.length > 0 && (
              <Table<SetupProblem>
                rowKey={(p) => `${p.sheet}:${p.row}:${p.column}:${p.message}`}
                size="small"
                columns={problemColumns}
                dataSource={checked.problems}
                pagination={{ pageSize: 20, size: 'small', hideOnSinglePage: true }}
              />
            )}
            <Table<SetupSheetReport>
              rowKey="sheet"
              size="small"
              columns={countColumns}
              dataSource={checked.sheets}
              pagination={false}
              title={() => <Typography.Text strong>{t('setup.countsTitle')}</Typography.Text>}
            />
          </div>
        )}
      </Card>
      <Card variant="borderless" size="small" title={t('setup.step3')}>
        {applied ? (
          <Result
            status="success"
            icon={<CheckCircleOutlined />}
            title={t('setup.applied')}
            subTitle={applied.sheets
              .filter((s) => s.created + s.updated > 0)
              .map((s) =>
                t('setup.appliedSheet', {
                  sheet: sheetLabel(s.sheet),
                  created: s.created,
                  updated: s.updated,
                }),
              )
              .join('；')}
          />
        ) : (
          <Space>
            <Button
              type="primary"
              disabled={!ready || !file}
              loading={apply.isPending}
              onClick={() => file && apply.mutate(file)}
            >
              {t('setup.apply')}
            </Button>
            <Typography.Text type="secondary">
              {ready ? t('setup.applyHint') : t('setup.applyAfterCheck')}
            </Typography.Text>
          </Space>
        )}
      </Card>
    </div>
  );
}
