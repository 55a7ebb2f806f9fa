// Demo page controls for the dashboard: language and theme switches (attributes only).
const dashboard = document.getElementById("dashboard");
const lang = document.getElementById("dd-lang");
const theme = document.getElementById("dd-theme");

function setLang(code) {
  document.documentElement.lang = code;
  dashboard.setAttribute("lang", code);
  lang.dataset.lang = code === "ru" ? "en" : "ru";
  lang.textContent = code === "ru" ? "English" : "По-русски";
}
lang.addEventListener("click", () => setLang(lang.dataset.lang));
if (location.hash === "#ru") setLang("ru");

theme.addEventListener("click", () => {
  const dark = theme.getAttribute("aria-pressed") !== "true";
  theme.setAttribute("aria-pressed", String(dark));
  theme.textContent = dark ? "Light" : "Dark";
  document.body.classList.toggle("dd-dark", dark);
  dashboard.setAttribute("theme", dark ? "dark" : "light");
});
