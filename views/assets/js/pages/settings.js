import { callApi } from '../lib/api.js';
import { hideError, showError } from '../lib/form-error.js';

// "Store files forever" turns the lifetime fields off; the unit sets the largest amount.
const forever = document.getElementById('store-forever');
const amount = document.getElementById('default-expiration');
const unit = document.getElementById('time-unit');

// Upstream's limits: 3650 days, or 10 years.
const MAX = { days: 3650, years: 10 };

forever.addEventListener('change', () => {
  amount.disabled = forever.checked;
  unit.disabled = forever.checked;
});
unit.addEventListener('change', () => {
  amount.max = String(MAX[unit.value]);
});

// Notifications (issue 18): saved through the API; the test button sends the saved settings.

const notifyForm = document.getElementById('notify-form');
const notifyError = document.getElementById('notify-error');
const notifyStatus = document.getElementById('notify-status');

function showStatus(message) {
  hideError(notifyError);
  notifyStatus.textContent = message;
  notifyStatus.hidden = false;
}

async function saveNotifications() {
  await callApi('PUT', '/api/settings', {
    webhookUrl: document.getElementById('webhook-url').value.trim() || null,
    ntfyUrl: document.getElementById('ntfy-url').value.trim() || null,
    notifyPrivateAddresses: document.getElementById('notify-private').checked,
  });
}

notifyForm?.addEventListener('submit', async (event) => {
  event.preventDefault();
  notifyStatus.hidden = true;
  try {
    await saveNotifications();
    showStatus('Notification settings saved.');
  } catch (err) {
    showError(notifyError, err.message);
  }
});

document.getElementById('notify-test')?.addEventListener('click', async () => {
  notifyStatus.hidden = true;
  try {
    // What is on the screen is what gets tested.
    await saveNotifications();
    const response = await callApi('POST', '/api/settings/notifications/test');
    const { results } = await response.json();
    const lines = results.map((r) => `${r.channel === 'ntfy' ? 'ntfy' : 'Webhook'}: ${r.ok ? 'delivered' : 'failed'} (${r.detail})`);
    if (results.every((r) => r.ok)) showStatus(lines.join('. '));
    else showError(notifyError, lines.join('. '));
  } catch (err) {
    showError(notifyError, err.message);
  }
});
