import { describe, expect, it } from 'vitest';
import { multipart } from './multipart';

describe('the snapshot upload body', () => {
  it('is multipart/form-data whose file field keeps the name and bytes, even with its Content-Type lower-cased', async () => {
    const csv = '物料编码,库位,批次,数量\nRM-1,A01,,5\n';
    const packed = await multipart(new File([csv], '库存 "WMS".csv', { type: 'text/csv' }));
    expect(packed.contentType).toMatch(/^multipart\/form-data; boundary=[a-z0-9-]+$/);
    for (const type of [packed.contentType, packed.contentType.toLowerCase()]) {
      const form = await new Response(packed.bytes as Uint8Array<ArrayBuffer>, {
        headers: { 'content-type': type },
      }).formData();
      const file = form.get('file') as File;
      expect(file.name).toBe('库存 "WMS".csv');
      expect(await file.text()).toBe(csv);
    }
  });
});
