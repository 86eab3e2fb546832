import type { Db } from './database.js';

/** Where notifications go (issue 18); null: that channel is off. */
export interface NotificationSettings {
  webhookUrl: string | null;
  ntfyUrl: string | null;
  /** Lets notifications reach private, loopback and link-local addresses. */
  notifyPrivateAddresses: boolean;
}

export const NO_NOTIFICATIONS: Readonly<NotificationSettings> = Object.freeze({ webhookUrl: null, ntfyUrl: null, notifyPrivateAddresses: false });

interface Row {
  webhook_url: string | null;
  ntfy_url: string | null;
  notify_private_addresses: number;
}

export function notificationSettingsReads(db: Db) {
  const get = db.prepare<[], Row>('SELECT webhook_url, ntfy_url, notify_private_addresses FROM notification_settings WHERE id = 1');
  return {
    notificationSettings(): NotificationSettings {
      const row = get.get();
      if (!row) return { ...NO_NOTIFICATIONS };
      return { webhookUrl: row.webhook_url, ntfyUrl: row.ntfy_url, notifyPrivateAddresses: row.notify_private_addresses === 1 };
    },
  };
}

export function notificationSettingsWrites(db: Db) {
  const upsert = db.prepare(`
    INSERT INTO notification_settings (id, webhook_url, ntfy_url, notify_private_addresses)
    VALUES (1, :webhookUrl, :ntfyUrl, :notifyPrivateAddresses)
    ON CONFLICT (id) DO UPDATE SET
      webhook_url = excluded.webhook_url,
      ntfy_url = excluded.ntfy_url,
      notify_private_addresses = excluded.notify_private_addresses`);
  return {
    setNotificationSettings(settings: NotificationSettings): void {
      upsert.run({ ...settings, notifyPrivateAddresses: settings.notifyPrivateAddresses ? 1 : 0 });
    },
  };
}
