// HTMX sends Django's CSRF token with every request it makes.
document.addEventListener("htmx:configRequest", (event) => {
  const match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
  if (match) event.detail.headers["X-CSRFToken"] = decodeURIComponent(match[1]);
});
// External links say they leave the site (R-GOV-5).
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-external]");
  if (link && !window.confirm(link.dataset.external)) event.preventDefault();
});
// A form that cannot be undone (Reject) asks before it is sent.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
