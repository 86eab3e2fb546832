// "Unique IPs only" switches the history between ?unique=true and all downloads.
document.getElementById('unique-ips-only')?.addEventListener('change', (event) => {
  const url = new URL(window.location.href);
  // The other view starts again from its first page.
  url.searchParams.delete('cursor');
  if (event.target.checked) url.searchParams.set('unique', 'true');
  else url.searchParams.delete('unique');
  window.location.assign(url);
});
