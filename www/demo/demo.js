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

// "Put this calculator on your site": the relay's snippet for #w-default's feed and pair.
const source = document.getElementById("w-default");
const embedCode = document.getElementById("embed-code");
const embedCsp = document.getElementById("embed-csp");
const embedNote = document.getElementById("embed-note");
let snippetAsked = 0;
async function showSnippet(from, to) {
  const asked = ++snippetAsked;
  const query = new URLSearchParams({ feed: (source.getAttribute("feed") ?? "").split("/").pop() });
  if (from && to) { query.set("from", from); query.set("to", to); }
  let html, csp;
  try {
    const res = await fetch("/snippet?" + query);
    const body = await res.json();
    if (!res.ok) throw new Error(body.message ?? "HTTP " + res.status);
    ({ html, csp } = body);
  } catch (err) {
    html = "The relay could not make the code: " + err.message;
    csp = "";
  }
  if (asked !== snippetAsked) return; // a newer pair was asked for meanwhile
  embedCode.textContent = html;
  embedCsp.textContent = csp;
  embedNote.textContent = "";
}
showSnippet(source.getAttribute("from"), source.getAttribute("to"));
source.addEventListener("ratelink:select", (e) => showSnippet(e.detail.from, e.detail.to));
document.getElementById("embed-copy").addEventListener("click", async () => {
  try {
    await navigator.clipboard.writeText(embedCode.textContent);
    embedNote.textContent = "Copied.";
  } catch {
    getSelection().selectAllChildren(embedCode); // the visitor can copy the selection by hand
    embedNote.textContent = "Copying was refused: the code is selected, press Ctrl+C.";
  }
});
