/** Update methods of `window.cns` and their channels (no zod here: the preload imports it). */
export const updatesMethods = {
  getUpdateStatus: 'updates:get-status',
  checkForUpdates: 'updates:check',
  restartToUpdate: 'updates:restart',
} as const;
