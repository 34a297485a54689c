import { MAX_CSV_BYTES } from '../../src-shared/shipping/api';

/**
 * Reads a chosen file as base64 for IPC (bytes unchanged, so the server can
 * tell a non-UTF-8 file). Files over the limit are refused here already.
 */
export async function readFileBase64(file: File): Promise<{ fileName: string; base64: string }> {
  if (file.size > MAX_CSV_BYTES) {
    throw new Error(
      `The file is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_CSV_BYTES / 1024 / 1024} MB. Split it into smaller files.`,
    );
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return { fileName: file.name, base64: btoa(binary) };
}
