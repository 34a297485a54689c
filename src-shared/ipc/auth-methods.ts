/** Sign-in methods of `window.cns` and their channels (no zod here: the preload imports it). */
export const authMethods = {
  getAuthStep: 'auth:get-step',
  logIn: 'auth:log-in',
  submitPasscode: 'auth:submit-passcode',
  signOut: 'auth:sign-out',
} as const;
