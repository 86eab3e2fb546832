import { z } from 'zod';
import type { NotificationSettings } from '../store/notification-settings.js';

// Far beyond any real receiver's URL, small enough to store and show.
const MAX_URL_LENGTH = 2048;

/** A receiver URL: http(s) only (issue 18); null or "" turns the channel off. */
const receiverUrl = z
  .string()
  .max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`)
  .nullable()
  .transform((s, ctx) => {
    const trimmed = s?.trim() ?? '';
    if (trimmed === '') return null;
    let url: URL;
    try {
      url = new URL(trimmed);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an http or https URL' });
      return z.NEVER;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      ctx.addIssue({ code: 'custom', message: 'must be an http or https URL' });
      return z.NEVER;
    }
    return url.href;
  });

/** Our fields of PUT /api/settings, each optional: what is left out keeps its value. */
export const notificationSettingsFields = {
  webhookUrl: receiverUrl.optional(),
  ntfyUrl: receiverUrl.optional(),
  notifyPrivateAddresses: z.boolean().optional(),
};

export type NotificationSettingsChanges = Partial<NotificationSettings>;

export function hasNotificationChanges(body: NotificationSettingsChanges): boolean {
  return body.webhookUrl !== undefined || body.ntfyUrl !== undefined || body.notifyPrivateAddresses !== undefined;
}

export function applyNotificationChanges(current: NotificationSettings, body: NotificationSettingsChanges): NotificationSettings {
  return {
    webhookUrl: body.webhookUrl === undefined ? current.webhookUrl : body.webhookUrl,
    ntfyUrl: body.ntfyUrl === undefined ? current.ntfyUrl : body.ntfyUrl,
    notifyPrivateAddresses: body.notifyPrivateAddresses ?? current.notifyPrivateAddresses,
  };
}
