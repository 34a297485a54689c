import { contextBridge, ipcRenderer } from 'electron';
import type { CnsApi } from '../src-shared/ipc-contract';
import { cnsMethods } from '../src-shared/ipc-methods';

/**
 * Exposes `window.cns`: one named method per action, each bound to its own
 * channel. No generic `invoke`, no `ipcRenderer`, nothing else reaches the page.
 */
const api: CnsApi = {
  getAuthStep: () => ipcRenderer.invoke(cnsMethods.getAuthStep),
  logIn: (request) => ipcRenderer.invoke(cnsMethods.logIn, request),
  submitPasscode: (request) => ipcRenderer.invoke(cnsMethods.submitPasscode, request),
  signOut: () => ipcRenderer.invoke(cnsMethods.signOut),
};

contextBridge.exposeInMainWorld('cns', api);
