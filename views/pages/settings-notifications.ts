import type { NotificationSettings } from '../../src/store/notification-settings.js';
import { errorAlert } from '../components.js';
import { html } from '../html.js';

/**
 * The notification settings (issue 18): saved through PUT /api/settings by
 * js/pages/settings.js, which also runs the test button and shows its result.
 */
export function notificationsForm(settings: NotificationSettings) {
  return html`
    <form id="notify-form" class="card form">
      <fieldset>
        <legend>Notifications</legend>
        <p class="hint">Tell me when a guest uploads a file. Leave a field empty to turn it off.</p>
        <div class="field">
          <label for="webhook-url">Webhook URL</label>
          <input type="url" id="webhook-url" name="webhookUrl" value="${settings.webhookUrl ?? ''}" placeholder="https://example.com/hooks/picoshare">
          <p class="hint">Receives a JSON POST with the file's ID, name, size and link.</p>
        </div>
        <div class="field">
          <label for="ntfy-url">ntfy topic URL</label>
          <input type="url" id="ntfy-url" name="ntfyUrl" value="${settings.ntfyUrl ?? ''}" placeholder="https://ntfy.sh/my-topic">
        </div>
        <label class="checkbox"><input type="checkbox" id="notify-private" name="notifyPrivateAddresses"${settings.notifyPrivateAddresses ? html` checked` : ''}> Allow private network addresses (localhost, 10.x, 192.168.x, …)</label>
      </fieldset>
      ${errorAlert('notify-error', undefined)}
      <p id="notify-status" class="alert alert-success" role="status" hidden></p>
      <div class="actions">
        <button type="submit" class="button button-primary">Save notifications</button>
        <button type="button" id="notify-test" class="button">Send test notification</button>
      </div>
    </form>`;
}
