/** The presigned upload the API hands out for a photo or an evidence file. */
export interface PresignedUpload {
  key: string;
  uploadUrl: string;
  headers?: Record<string, string>;
}

export const UPLOAD_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const EVIDENCE_TYPES = [...UPLOAD_TYPES, 'application/pdf'] as const;
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/**
 * PUTs the file to the presigned URL with XMLHttpRequest, because fetch cannot report upload progress.
 * The signed headers (content-type at least) must be sent exactly as signed.
 */
export function putWithProgress(
  upload: PresignedUpload,
  file: Blob,
  onProgress: (percent: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', upload.uploadUrl);
    const headers = upload.headers ?? {};
    const hasType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
    for (const [name, value] of Object.entries(headers)) {
      // The browser sets these itself and refuses to let scripts do it.
      if (!/^(content-length|host)$/i.test(name)) xhr.setRequestHeader(name, value);
    }
    if (!hasType && file.type) xhr.setRequestHeader('Content-Type', file.type);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(100);
        resolve();
      } else reject(new Error(`upload failed: HTTP ${xhr.status}`));
    };
    xhr.onerror = () => reject(new Error('upload failed: network'));
    xhr.onabort = () => reject(new Error('upload aborted'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}
