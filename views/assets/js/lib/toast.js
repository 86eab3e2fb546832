// Short notices ("Copied link") in the page's polite live region.

const SHOWN_MS = 3500;

export function showToast(message, { error = false } = {}) {
  const region = document.querySelector('.toasts');
  if (!region) return;
  const toast = document.createElement('p');
  toast.className = error ? 'toast toast-error' : 'toast';
  toast.textContent = message;
  region.append(toast);
  setTimeout(() => toast.remove(), SHOWN_MS);
}
