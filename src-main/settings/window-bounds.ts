import type { WindowBounds } from './settings-schema';

/** A display's usable area (Electron's `display.workArea`). */
export interface WorkArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

const MIN_VISIBLE = 100;

/**
 * The saved window bounds if the window would still be reachable on one of
 * today's displays (at least 100×100 px of it on a screen), else undefined so
 * the window opens at its default place. Screens come and go (laptop undocked,
 * projector gone); a window off every screen cannot be moved back by the user.
 */
export function restorableBounds(saved: WindowBounds | undefined, displays: WorkArea[]): WindowBounds | undefined {
  if (!saved) return undefined;
  const visible = displays.some((area) => {
    const width = Math.min(saved.x + saved.width, area.x + area.width) - Math.max(saved.x, area.x);
    const height = Math.min(saved.y + saved.height, area.y + area.height) - Math.max(saved.y, area.y);
    return width >= MIN_VISIBLE && height >= MIN_VISIBLE;
  });
  if (!visible) return undefined;
  const largest = displays.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
  return {
    ...saved,
    width: Math.min(saved.width, largest.width),
    height: Math.min(saved.height, largest.height),
  };
}
