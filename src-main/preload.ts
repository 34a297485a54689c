import { contextBridge, ipcRenderer } from 'electron';
import type { CnsApi } from '../src-shared/ipc-contract';
import { cnsMethods } from '../src-shared/ipc-methods';

/**
 * Exposes `window.cns`: one named method per action, each bound to its own
 * channel. No generic `invoke`, no `ipcRenderer`, nothing else reaches the page.
 */
const api: CnsApi = {
  // Sign-in (src-shared/ipc/auth-methods.ts)
  getAuthStep: () => ipcRenderer.invoke(cnsMethods.getAuthStep),
  logIn: (request) => ipcRenderer.invoke(cnsMethods.logIn, request),
  startEnrollment: () => ipcRenderer.invoke(cnsMethods.startEnrollment),
  optOut: () => ipcRenderer.invoke(cnsMethods.optOut),
  keepEmail: () => ipcRenderer.invoke(cnsMethods.keepEmail),
  changeEmail: (request) => ipcRenderer.invoke(cnsMethods.changeEmail, request),
  resendLink: () => ipcRenderer.invoke(cnsMethods.resendLink),
  pollAuth: () => ipcRenderer.invoke(cnsMethods.pollAuth),
  chooseMethod: (request) => ipcRenderer.invoke(cnsMethods.chooseMethod, request),
  submitPhone: (request) => ipcRenderer.invoke(cnsMethods.submitPhone, request),
  submitPasscode: (request) => ipcRenderer.invoke(cnsMethods.submitPasscode, request),
  resendPasscode: () => ipcRenderer.invoke(cnsMethods.resendPasscode),
  switchMethod: () => ipcRenderer.invoke(cnsMethods.switchMethod),
  modifyContinue: () => ipcRenderer.invoke(cnsMethods.modifyContinue),
  modifyCancel: () => ipcRenderer.invoke(cnsMethods.modifyCancel),
  modifyChoose: (request) => ipcRenderer.invoke(cnsMethods.modifyChoose, request),
  acceptTerms: () => ipcRenderer.invoke(cnsMethods.acceptTerms),
  declineTerms: () => ipcRenderer.invoke(cnsMethods.declineTerms),
  restartSignIn: () => ipcRenderer.invoke(cnsMethods.restartSignIn),
  signOut: () => ipcRenderer.invoke(cnsMethods.signOut),
  createAccount: (request) => ipcRenderer.invoke(cnsMethods.createAccount, request),
  forgotUsername: (request) => ipcRenderer.invoke(cnsMethods.forgotUsername, request),
  forgotPassword: (request) => ipcRenderer.invoke(cnsMethods.forgotPassword, request),
  resetPassword: (request) => ipcRenderer.invoke(cnsMethods.resetPassword, request),
  // Account menu (src-shared/ipc/device-methods.ts)
  listDevices: () => ipcRenderer.invoke(cnsMethods.listDevices),
  renameDevice: (request) => ipcRenderer.invoke(cnsMethods.renameDevice, request),
  revokeDevice: (request) => ipcRenderer.invoke(cnsMethods.revokeDevice, request),
  getSecurityInfo: () => ipcRenderer.invoke(cnsMethods.getSecurityInfo),
  // Settings and updates (src-shared/ipc/settings-methods.ts, updates-methods.ts)
  getSettings: () => ipcRenderer.invoke(cnsMethods.getSettings),
  updateSettings: (request) => ipcRenderer.invoke(cnsMethods.updateSettings, request),
  getUpdateStatus: () => ipcRenderer.invoke(cnsMethods.getUpdateStatus),
  checkForUpdates: () => ipcRenderer.invoke(cnsMethods.checkForUpdates),
  restartToUpdate: () => ipcRenderer.invoke(cnsMethods.restartToUpdate),
  // Shipping (src-shared/ipc/shipping-methods.ts)
  getPostageAccount: () => ipcRenderer.invoke(cnsMethods.getPostageAccount),
  addSampleFunds: (request) => ipcRenderer.invoke(cnsMethods.addSampleFunds, request),
  standardizeAddress: (request) => ipcRenderer.invoke(cnsMethods.standardizeAddress, request),
  getRates: (request) => ipcRenderer.invoke(cnsMethods.getRates, request),
  buyLabel: (request) => ipcRenderer.invoke(cnsMethods.buyLabel, request),
  listLabels: (request) => ipcRenderer.invoke(cnsMethods.listLabels, request),
  refundLabel: (request) => ipcRenderer.invoke(cnsMethods.refundLabel, request),
  printLabel: (request) => ipcRenderer.invoke(cnsMethods.printLabel, request),
  saveLabel: (request) => ipcRenderer.invoke(cnsMethods.saveLabel, request),
  exportHistory: (request) => ipcRenderer.invoke(cnsMethods.exportHistory, request),
  listAddresses: (request) => ipcRenderer.invoke(cnsMethods.listAddresses, request),
  saveAddress: (request) => ipcRenderer.invoke(cnsMethods.saveAddress, request),
  deleteAddress: (request) => ipcRenderer.invoke(cnsMethods.deleteAddress, request),
  importAddresses: (request) => ipcRenderer.invoke(cnsMethods.importAddresses, request),
  exportAddresses: () => ipcRenderer.invoke(cnsMethods.exportAddresses),
  listPresets: () => ipcRenderer.invoke(cnsMethods.listPresets),
  savePreset: (request) => ipcRenderer.invoke(cnsMethods.savePreset, request),
  deletePreset: (request) => ipcRenderer.invoke(cnsMethods.deletePreset, request),
  checkBatch: (request) => ipcRenderer.invoke(cnsMethods.checkBatch, request),
  buyBatch: (request) => ipcRenderer.invoke(cnsMethods.buyBatch, request),
  saveBatchLabels: (request) => ipcRenderer.invoke(cnsMethods.saveBatchLabels, request),
  printBatchLabels: (request) => ipcRenderer.invoke(cnsMethods.printBatchLabels, request),
};

contextBridge.exposeInMainWorld('cns', api);
