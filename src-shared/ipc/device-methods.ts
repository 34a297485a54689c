/** Account-menu methods of `window.cns` (Trusted computers, Security) and their channels. */
export const deviceMethods = {
  listDevices: 'device:list',
  renameDevice: 'device:rename',
  revokeDevice: 'device:revoke',
  getSecurityInfo: 'device:security-info',
} as const;
