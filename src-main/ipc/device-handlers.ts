import { deviceRequestSchemas, type DeviceResponses } from '../../src-shared/ipc/device-contract';
import type { TrustedComputers } from '../device/trusted-computers';
import { defineHandler, type IpcHandler } from './define-handler';

/** Handlers of the account-menu channels. */
export type DeviceHandlers = { [C in keyof DeviceResponses]: IpcHandler<DeviceResponses[C]> };

const s = deviceRequestSchemas;

/** Trusted computers (list, rename, revoke) and the Security panel. */
export function createDeviceHandlers(computers: TrustedComputers): DeviceHandlers {
  return {
    'device:list': defineHandler(s['device:list'], () => computers.list()),
    'device:rename': defineHandler(s['device:rename'], (req) => computers.rename(req.id, req.name)),
    'device:revoke': defineHandler(s['device:revoke'], (req) => computers.revoke(req.id)),
    'device:security-info': defineHandler(s['device:security-info'], () => computers.security()),
  };
}
