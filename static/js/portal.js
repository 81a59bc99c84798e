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
// A wide table scrolls inside its own region; the region takes the keyboard focus, so it can
// be scrolled without a mouse (axe scrollable-region-focusable, WCAG 2.1.1).
const focusableScrollers = (root) => {
  // Every table of the page's content scrolls inside its own region, never the page sideways.
  root.querySelectorAll("main table:not(table table)").forEach((table) => {
    if (table.parentElement.closest(".table-responsive")) return;
    const region = document.createElement("div");
    region.className = "table-responsive";
    table.replaceWith(region);
    region.appendChild(table);
  });
  root.querySelectorAll(".table-responsive").forEach((region) => {
    if (region.hasAttribute("tabindex")) return;
    // Focusable only: the table inside is named by its caption already.
    region.setAttribute("tabindex", "0");
  });
};
document.addEventListener("DOMContentLoaded", () => focusableScrollers(document));
document.addEventListener("htmx:afterSwap", (event) => focusableScrollers(event.target));
