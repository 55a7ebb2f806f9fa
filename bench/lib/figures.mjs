// Command-line options and the figures the bench scripts print: medians, percentiles, columns.

/** The number after `name` in `args` (both taken out of `args`), else `dflt`. */
export const opt = (args, name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args.splice(i, 2)[1]) : dflt;
};

/** The comma list after `--throttle` in `args` (both taken out), else `dflt`: CPU slow-down rates. */
export const throttleRates = (args, dflt = [1, 4]) => {
  const i = args.indexOf("--throttle");
  return i >= 0 ? args.splice(i, 2)[1].split(",").map(Number) : dflt;
};

export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
export const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };
/** Milliseconds in a 9-wide column. */
export const ms = (x) => x.toFixed(2).padStart(9);
