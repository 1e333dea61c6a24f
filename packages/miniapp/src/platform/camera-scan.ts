import { PlatformError } from '@shopfloor/sdk';
import { t } from '../i18n/i18n';

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorConstructor = new (options: { formats: string[] }) => BarcodeDetectorLike;

function barcodeDetector(): BarcodeDetectorConstructor | undefined {
  return (globalThis as { BarcodeDetector?: BarcodeDetectorConstructor }).BarcodeDetector;
}

/** Chromium on Android and desktop has BarcodeDetector; Safari and most webviews do not. */
export function canScanWithCamera(): boolean {
  return barcodeDetector() !== undefined && typeof navigator !== 'undefined' && !!navigator.mediaDevices;
}

/**
 * Reads the first QR code the back camera sees into `video`, polling a few times a second until
 * found or `signal` aborts. Stops the camera either way.
 */
export async function scanWithCamera(video: HTMLVideoElement, signal: AbortSignal): Promise<string> {
  const Detector = barcodeDetector();
  if (!Detector || !navigator.mediaDevices)
    throw new PlatformError('UNAVAILABLE', t('platform.cameraUnavailable'));
  const stream = await navigator.mediaDevices
    .getUserMedia({ video: { facingMode: 'environment' } })
    .catch((error: unknown) => {
      throw new PlatformError('DENIED', t('platform.cameraUnavailable'), { cause: error });
    });
  try {
    video.srcObject = stream;
    await video.play();
    const detector = new Detector({ formats: ['qr_code', 'code_128'] });
    while (!signal.aborted) {
      const [found] = await detector.detect(video);
      if (found?.rawValue) return found.rawValue;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new PlatformError('CANCELLED', t('platform.scanCancelled'));
  } finally {
    for (const track of stream.getTracks()) track.stop();
  }
}
