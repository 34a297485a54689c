import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DownloadedFile } from './shipping-client';

/**
 * Where label files go: the system print dialog and the Save dialog in the
 * app, a folder in tests. Kept behind an interface so the shipping handlers
 * run in plain Node.
 */
export interface LabelOutput {
  /** Saves the file where the person chooses; null when they cancel. */
  save(file: DownloadedFile): Promise<string | null>;
  /** Sends the file to a printer through the system print dialog. */
  print(file: DownloadedFile): Promise<void>;
}

/** Writes saved and printed files into folders (the end-to-end harness reads them back). */
export class FolderLabelOutput implements LabelOutput {
  readonly printed: string[] = [];

  constructor(private readonly folder: string) {
    mkdirSync(join(folder, 'saved'), { recursive: true });
    mkdirSync(join(folder, 'printed'), { recursive: true });
  }

  save(file: DownloadedFile): Promise<string> {
    const path = join(this.folder, 'saved', file.fileName);
    writeFileSync(path, file.bytes);
    return Promise.resolve(path);
  }

  print(file: DownloadedFile): Promise<void> {
    const path = join(this.folder, 'printed', `${this.printed.length + 1}-${file.fileName}`);
    writeFileSync(path, file.bytes);
    this.printed.push(path);
    return Promise.resolve();
  }
}
