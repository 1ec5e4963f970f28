import { h } from './element.ts';

export interface UploadProgress {
  readonly element: HTMLElement;
  /** Reads a chosen file, showing how far it got. */
  readFile(file: File): Promise<string>;
  /** Runs an upload, showing the bytes sent and then that the server is working on it. */
  track<T>(
    upload: (onProgress: (sent: number, total: number) => void) => Promise<T>,
    what: string,
  ): Promise<T>;
}

/** The progress bar under the create form: reading the callee file, sending it, creating. */
export function uploadProgress(): UploadProgress {
  const bar = h('progress', {
    id: 'upload-progress',
    max: '100',
    value: '0',
    'aria-describedby': 'upload-status',
  });
  const status = h('p', { id: 'upload-status', class: 'hint', 'aria-live': 'polite' });
  const element = h(
    'div',
    { class: 'upload', hidden: true },
    h('label', { for: 'upload-progress' }, 'Callee list upload'),
    bar,
    status,
  );
  const show = (fraction: number | null, text: string) => {
    element.hidden = false;
    if (fraction === null) bar.removeAttribute('value');
    else bar.value = Math.round(fraction * 100);
    status.textContent = text;
  };
  return {
    element,
    readFile(file) {
      return new Promise((resolve, reject) => {
        const reader = new FileReader();
        reader.addEventListener('progress', (e) => {
          if (e.lengthComputable)
            show(e.loaded / e.total, `Reading ${file.name}: ${bytes(e.loaded)} of ${bytes(e.total)}`);
        });
        reader.addEventListener('load', () => {
          show(0, `Read ${file.name} (${bytes(file.size)}).`);
          resolve(String(reader.result));
        });
        reader.addEventListener('error', () => {
          show(0, `Could not read ${file.name}.`);
          reject(new Error(`Could not read ${file.name}.`));
        });
        show(0, `Reading ${file.name}…`);
        reader.readAsText(file);
      });
    },
    async track(upload, what) {
      show(0, `Uploading ${what}…`);
      try {
        const result = await upload((sent, total) => {
          if (sent < total) show(sent / total, `Uploading ${what}: ${bytes(sent)} of ${bytes(total)}`);
          else show(null, `Uploaded ${bytes(total)}; creating the campaign…`);
        });
        show(1, `Done: ${what} uploaded.`);
        return result;
      } catch (error) {
        // A refusal is shown at its field; only a failed transfer is this bar's to report.
        if ((error as { status?: number }).status === 0) show(0, 'The upload did not go through.');
        else element.hidden = true;
        throw error;
      }
    },
  };
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
