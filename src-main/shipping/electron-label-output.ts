import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BrowserWindow, dialog } from 'electron';
import type { LabelOutput } from './label-output';
import type { DownloadedFile } from './shipping-client';

/**
 * Save and Print in the desktop app: the system Save dialog, and the system
 * print dialog over the label PDF shown in a hidden, sandboxed window.
 */
export class ElectronLabelOutput implements LabelOutput {
  constructor(private readonly parent: () => BrowserWindow | undefined) {}

  async save(file: DownloadedFile): Promise<string | null> {
    const extension = file.fileName.split('.').pop() ?? 'pdf';
    const options = {
      defaultPath: file.fileName,
      filters: [{ name: extension.toUpperCase(), extensions: [extension] }],
    };
    const parent = this.parent();
    const choice = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return null;
    await writeFile(choice.filePath, file.bytes);
    return choice.filePath;
  }

  async print(file: DownloadedFile): Promise<void> {
    const path = join(tmpdir(), `cns-print-${Date.now()}-${file.fileName}`);
    await writeFile(path, file.bytes);
    const window = new BrowserWindow({
      show: false,
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, plugins: true },
    });
    try {
      await window.loadFile(path);
      await new Promise<void>((resolve, reject) => {
        window.webContents.print({ silent: false, printBackground: true }, (success, reason) => {
          if (success || reason === 'cancelled') resolve();
          else reject(new Error(`Printing failed: ${reason}`));
        });
      });
    } finally {
      window.destroy();
    }
  }
}
