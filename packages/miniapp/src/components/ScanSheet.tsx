import { Button, Input, Text, View } from '@tarojs/components';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { t } from '../i18n/i18n';
import { canScanWithCamera, scanWithCamera } from '../platform/camera-scan';
import { useServices } from '../services/services-context';

/**
 * The browser's scanner: a sheet over the page with a big input for the code printed under the QR
 * label, and the camera where the browser has BarcodeDetector. Hosts with a scanner never show it.
 */
export function ScanSheet() {
  const { prompts } = useServices();
  const prompt = useSyncExternalStore(prompts.subscribe, prompts.current, prompts.current);
  const [text, setText] = useState('');
  const [camera, setCamera] = useState(false);
  const videoHost = useRef<HTMLDivElement | null>(null);

  const open = prompt?.kind === 'scan-code';
  useEffect(() => {
    if (open) setText('');
    else setCamera(false);
  }, [open]);

  useEffect(() => {
    if (!camera || !prompt || !videoHost.current) return;
    const video = document.createElement('video');
    video.className = 'sf-sheet__video';
    video.setAttribute('playsinline', '');
    videoHost.current.appendChild(video);
    const abort = new AbortController();
    scanWithCamera(video, abort.signal).then(
      (found) => prompt.answer(found),
      () => setCamera(false),
    );
    return () => {
      abort.abort();
      video.remove();
    };
  }, [camera, prompt]);

  if (!open || !prompt) return null;
  const submit = () => prompt.answer(text.trim() || undefined);
  return (
    <View className="sf-sheet">
      <View className="sf-sheet__panel">
        <Text className="sf-sheet__title">{t('scan.manualTitle')}</Text>
        <Input
          className="sf-input"
          value={text}
          focus
          placeholder={t('scan.manualPlaceholder')}
          onInput={(event) => setText(event.detail.value)}
          onConfirm={submit}
        />
        {process.env.TARO_ENV === 'h5' && canScanWithCamera() ? (
          camera ? (
            <View className="sf-sheet__camera" ref={videoHost} />
          ) : (
            <Button className="sf-button" onClick={() => setCamera(true)}>
              {t('scan.camera')}
            </Button>
          )
        ) : null}
        <View className="sf-sheet__actions">
          <Button className="sf-button" onClick={() => prompt.answer(undefined)}>
            {t('scan.cancel')}
          </Button>
          <Button className="sf-button sf-button--primary" onClick={submit}>
            {t('scan.confirm')}
          </Button>
        </View>
      </View>
    </View>
  );
}
