import { useRef } from 'react';
import { MAX_UPLOAD_BYTES, putWithProgress, UPLOAD_TYPES } from '../shared/upload';
import type { ReportT } from './i18n';
import { presignPhoto } from './public-api';

export const MAX_PHOTOS = 3;

export interface Photo {
  id: number;
  name: string;
  preview: string;
  progress: number;
  key?: string;
  error?: string;
}

interface Props {
  slug: string;
  photos: Photo[];
  setPhotos: (update: (prev: Photo[]) => Photo[]) => void;
  error?: string;
  t: ReportT;
}

let nextId = 1;

/** Up to three photos, each uploaded as soon as it is chosen (presign, then PUT with progress). */
export function PhotoPicker({ slug, photos, setPhotos, error, t }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const patch = (id: number, change: Partial<Photo>) =>
    setPhotos((prev) => prev.map((p) => (p.id === id ? { ...p, ...change } : p)));

  async function upload(file: File) {
    const id = nextId++;
    const photo: Photo = { id, name: file.name, preview: URL.createObjectURL(file), progress: 0 };
    if (!(UPLOAD_TYPES as readonly string[]).includes(file.type)) photo.error = t('report.photoType');
    else if (file.size > MAX_UPLOAD_BYTES) photo.error = t('report.photoSize');
    setPhotos((prev) => [...prev, photo]);
    if (photo.error) return;
    try {
      const presigned = await presignPhoto(slug, file);
      await putWithProgress(presigned, file, (progress) => patch(id, { progress }));
      patch(id, { key: presigned.key, progress: 100 });
    } catch (e) {
      patch(id, { error: `${t('report.photoFailed')}${e instanceof Error && e.message ? `: ${e.message}` : ''}` });
    }
  }

  function onFiles(files: FileList | null) {
    const room = MAX_PHOTOS - photos.length;
    for (const file of Array.from(files ?? []).slice(0, Math.max(room, 0))) void upload(file);
    if (input.current) input.current.value = '';
  }

  function remove(photo: Photo) {
    URL.revokeObjectURL(photo.preview);
    setPhotos((prev) => prev.filter((p) => p.id !== photo.id));
  }

  return (
    <fieldset className="cg-field">
      <legend>{t('report.photos', { max: MAX_PHOTOS })}</legend>
      <div className="cg-photos">
        {photos.map((p, i) => (
          <div className="cg-photo" key={p.id} data-testid={`report-photo-${i}`}>
            <img src={p.preview} alt={p.name} />
            <div className="cg-photo-status" data-testid={`report-photo-status-${i}`}>
              {p.error ? (
                <span className="cg-error">{p.error}</span>
              ) : p.key ? (
                t('report.photoDone')
              ) : (
                <progress
                  max={100}
                  value={p.progress}
                  aria-label={t('report.photoUploading', { percent: p.progress })}
                />
              )}
            </div>
            <button
              type="button"
              className="cg-link-button"
              data-testid={`report-photo-remove-${i}`}
              onClick={() => remove(p)}
            >
              {t('report.photoRemove')}
            </button>
          </div>
        ))}
        {photos.length < MAX_PHOTOS && (
          <label className="cg-photo-add">
            <span>+ {t('report.photoAdd')}</span>
            <input
              ref={input}
              type="file"
              accept={UPLOAD_TYPES.join(',')}
              multiple
              data-testid="report-photo-input"
              onChange={(e) => onFiles(e.target.files)}
            />
          </label>
        )}
      </div>
      {error && (
        <p className="cg-error" data-testid="report-error-photos">
          {error}
        </p>
      )}
    </fieldset>
  );
}
