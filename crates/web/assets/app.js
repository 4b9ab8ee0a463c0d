// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll(".print-button")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
  // On a phone the navigation folds behind a menu button (without script
  // it simply stays open).
  const header = document.querySelector("header.site");
  const toggle = document.querySelector(".menu-toggle");
  const narrow = window.matchMedia("(max-width: 48rem)");
  if (header && toggle) {
    const fold = (folded) => {
      header.classList.toggle("folded", folded);
      toggle.setAttribute("aria-expanded", String(!folded));
    };
    const apply = () => {
      toggle.hidden = !narrow.matches;
      fold(narrow.matches);
    };
    toggle.addEventListener("click", () => fold(!header.classList.contains("folded")));
    narrow.addEventListener("change", apply);
    apply();
  }
  // One menu of the bar open at a time; a click elsewhere or Escape closes it.
  const menus = document.querySelectorAll("header.site .nav-group details");
  const closeMenus = (except) => {
    for (const d of menus) if (d !== except) d.open = false;
  };
  for (const d of menus) d.addEventListener("toggle", () => d.open && closeMenus(d));
  document.addEventListener("click", (event) => {
    if (!event.target.closest(".nav-group")) closeMenus(null);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") closeMenus(null);
  });
  // A form that cannot be undone asks first (without script it just submits).
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
});
