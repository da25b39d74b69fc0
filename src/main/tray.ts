// The system tray: renders a TrayModel (tray-model.ts) with Electron's Tray and Menu.
import { app, Menu, nativeImage, Tray, type MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayModel } from './tray-model.js';

export interface TrayHandlers {
  openAgent(agentId: string): void;
  action(action: TrayAction): void;
}

/** The Electron menu template for a model (pure). */
export function trayMenuTemplate(model: TrayModel, on: TrayHandlers): MenuItemConstructorOptions[] {
  return model.items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'separator':
        return { type: 'separator' };
      case 'header':
        return { label: item.label, enabled: false };
      case 'agent':
        return { label: item.label, click: () => on.openAgent(item.agentId) };
      case 'more':
        return { label: item.label, click: () => on.action('open') };
      case 'action':
        return { label: item.label, click: () => on.action(item.action) };
    }
  });
}

export class TrayController {
  private readonly tray: Tray;
  private last = '';

  constructor(
    iconPath: string,
    private readonly on: TrayHandlers,
  ) {
    this.tray = new Tray(nativeImage.createFromPath(iconPath));
    // Left click opens the window; the menu is on right click (and the only UI on some Linux trays).
    this.tray.on('click', () => on.action('open'));
  }

  /** Re-render only when something visible changed: menus are rebuilt, not patched. */
  update(model: TrayModel): void {
    const key = JSON.stringify(model);
    if (key === this.last) return;
    this.last = key;
    this.tray.setToolTip(model.tooltip);
    if (process.platform === 'darwin') this.tray.setTitle(model.badge);
    this.tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate(model, this.on)));
    // Launcher badge (Unity/KDE with libunity, macOS dock); harmless where unsupported.
    app.setBadgeCount(model.attention);
  }

  destroy(): void {
    if (!this.tray.isDestroyed()) this.tray.destroy();
  }
}
