import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Typography } from 'antd';
import { t } from '../i18n/i18n';
import { errorText, problemKind } from './errors';

/**
 * Delete a master record; when the server says it is referenced (409 `in-use`), offer to deactivate
 * it instead (停用), which keeps history intact and hides it from new documents.
 */
export function useDeleteOrDeactivate(options: {
  remove: (code: string) => Promise<unknown>;
  deactivate: (code: string) => Promise<unknown>;
  /** Query keys to refresh after either. */
  refresh: string[][];
}) {
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const done = () => {
    for (const queryKey of options.refresh) queryClient.invalidateQueries({ queryKey });
  };
  const deactivate = useMutation({
    mutationFn: options.deactivate,
    onSuccess: () => {
      message.success(t('common.deactivated'));
      done();
    },
    onError: (error) => message.error(errorText(error)),
  });
  const remove = useMutation({
    mutationFn: options.remove,
    onSuccess: () => {
      message.success(t('common.deleted'));
      done();
    },
    onError: (error, code) => {
      if (problemKind(error) !== 'in-use') {
        message.error(errorText(error));
        return;
      }
      modal.confirm({
        title: t('common.inUseTitle', { code }),
        content: (
          <>
            <p style={{ margin: '4px 0' }}>{t('common.inUseText')}</p>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {errorText(error)}
            </Typography.Text>
          </>
        ),
        okText: t('common.deactivate'),
        cancelText: t('common.cancel'),
        onOk: () => deactivate.mutateAsync(code),
      });
    },
  });
  return { remove, deactivate };
}
