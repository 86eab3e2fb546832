import { INFINITE_LIFETIME_DAYS } from '../../src/domain/expiration.js';
import type { ViewContext } from '../context.js';
import { errorAlert } from '../components.js';
import { html } from '../html.js';
import { layout } from '../layout.js';
import { notificationsForm } from './settings-notifications.js';
import type { NotificationSettings } from '../../src/store/notification-settings.js';

export interface SettingsView {
  defaultDays: number;
  saved?: boolean;
  error?: string;
  /** Where guest uploads are announced (issue 18). */
  notifications?: NotificationSettings;
}

/** What the form shows for a lifetime: upstream shows 30 days while "forever" is on. */
function displayed(days: number): { forever: boolean; amount: number; unit: 'days' | 'years' } {
  if (days >= INFINITE_LIFETIME_DAYS) return { forever: true, amount: 30, unit: 'days' };
  if (days % 365 === 0) return { forever: false, amount: days / 365, unit: 'years' };
  return { forever: false, amount: days, unit: 'days' };
}

/**
 * A plain form posting to /settings: the page that follows a save always shows
 * the saved value, however quickly the owner moves on.
 */
export function settingsPage(ctx: ViewContext, view: SettingsView) {
  const { forever, amount, unit } = displayed(view.defaultDays);
  const off = forever ? html` disabled` : '';
  return layout(ctx, {
    title: 'PicoShare - Settings',
    script: 'js/pages/settings.js',
    current: 'system',
    body: html`
      <div class="narrow">
        <h1>Settings</h1>
        <form id="settings-form" class="card form" method="post" action="/settings">
          <fieldset>
            <legend>Default file expiration</legend>
            <p class="hint">Preselected on the upload page. Each upload can still choose its own.</p>
            <label class="checkbox"><input type="checkbox" id="store-forever" name="forever"${forever ? html` checked` : ''}> Store files forever</label>
            <div class="field-row lifetime-row">
              <div class="field">
                <label for="default-expiration">Expire after</label>
                <input type="number" id="default-expiration" name="amount" value="${amount}" min="1" max="${unit === 'years' ? 10 : 3650}" required${off}>
              </div>
              <div class="field">
                <label for="time-unit">Unit</label>
                <select id="time-unit" name="unit"${off}>
                  <option value="days"${unit === 'days' ? html` selected` : ''}>days</option>
                  <option value="years"${unit === 'years' ? html` selected` : ''}>years</option>
                </select>
              </div>
            </div>
          </fieldset>
          ${errorAlert('form-error', view.error)}
          ${view.saved ? html`<p class="alert alert-success" role="status">Settings saved.</p>` : ''}
          <div class="actions"><button type="submit" class="button button-primary">Save</button></div>
        </form>
        ${view.notifications ? notificationsForm(view.notifications) : ''}
      </div>`,
  });
}
