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
