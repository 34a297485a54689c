/** Settings methods of `window.cns` and their channels (no zod here: the preload imports it). */
export const settingsMethods = {
  getSettings: 'settings:get',
  updateSettings: 'settings:update',
} as const;
