// Shared by the widget's e2e files: opening the demo page served by `ratelink-relay demo`,
// shadow-piercing selectors and the page problems the demo is expected to produce.
import { openPage } from "./browser.mjs";

export const BASE = process.env.RATELINK_E2E_BASE;

/** Opens the demo page; the exchanger's pages are answered locally (no internet). */
export async function demo(browser, options, beforeGoto) {
  const opened = await openPage(browser, options);
  await opened.context.route("https://exchanger.example/**", (r) =>
    r.fulfill({ status: 200, contentType: "text/html", body: "<title>exchanger</title>exchanger" }));
  if (beforeGoto) await beforeGoto(opened);
  await opened.page.goto(BASE + "/");
  return opened;
}

/** Page problems, less the one expected: the demo's broken feed answers with an HTTP error. */
export const unexpected = (problems) => problems.filter((p) =>
  !/^console: Failed to load resource: .* status of 5\d\d .*\[.*\/feeds\/demo-broken\]$/.test(p));

/** A selector inside widget `host` (Playwright CSS locators pierce open shadow roots). */
export const q = (host, sel) => `#${host} ${sel}`;
/** The combobox input of a picker side (`give`/`get`). */
export const combo = (host, side) => q(host, `[part~="${side}"] input[role="combobox"]`);
