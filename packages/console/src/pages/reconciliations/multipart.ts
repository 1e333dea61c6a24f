/**
 * A multipart/form-data body with the one field `file`, as a browser writes it: the SDK client
 * sends raw bytes with their content type, so the form is written here.
 */
export async function multipart(file: File): Promise<{ bytes: Uint8Array; contentType: string }> {
  const boundary = `----shopfloor${crypto.randomUUID().replaceAll('-', '')}`;
  const name = file.name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const encoder = new TextEncoder();
  const head = encoder.encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
      `Content-Type: ${file.type || 'application/octet-stream'}\r\n\r\n`,
  );
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  const content = new Uint8Array(await file.arrayBuffer());
  const bytes = new Uint8Array(head.length + content.length + tail.length);
  bytes.set(head, 0);
  bytes.set(content, head.length);
  bytes.set(tail, head.length + content.length);
  return { bytes, contentType: `multipart/form-data; boundary=${boundary}` };
}
