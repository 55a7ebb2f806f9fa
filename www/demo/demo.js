// Demo page script: logs the widgets' events and toggles the page theme (served under the CSP).
const log = document.getElementById("event-log");
const MAX_ENTRIES = 50;

function record(event) {
  const host = event.target instanceof Element ? event.target : null;
  const item = document.createElement("li");
  const name = document.createElement("code");
  name.textContent = event.type;
  item.append(name, " from #" + (host?.id || "?") + ": " + JSON.stringify(event.detail));
  log.prepend(item);
  while (log.children.length > MAX_ENTRIES) log.lastElementChild.remove();
}
for (const type of ["ratelink:ready", "ratelink:select", "ratelink:go", "ratelink:error"]) {
  document.addEventListener(type, record);
}

// The page's own dark mode: widgets that follow "auto" are switched at runtime by attribute.
const toggle = document.getElementById("theme-toggle");
toggle.addEventListener("click", () => {
  const dark = toggle.getAttribute("aria-pressed") !== "true";
  toggle.setAttribute("aria-pressed", String(dark));
  toggle.textContent = dark ? "Light page" : "Dark page";
  document.documentElement.classList.toggle("page-dark", dark);
  for (const el of document.querySelectorAll(".demo-widget:not(#w-dark)")) {
    el.setAttribute(el.localName === "ratelink-widget" ? "theme" : "data-theme", dark ? "dark" : "light");
  }
});
