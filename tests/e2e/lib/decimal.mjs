// Exact decimal arithmetic on strings (BigInt), for checking the widget's numbers.

/** "123.45" -> { n: 12345n, scale: 2 } */
export function parse(text) {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(String(text).trim());
  if (!m) throw new Error("not a decimal: " + text);
  const frac = m[3] ?? "";
  const n = BigInt((m[2] || "0") + frac) * (m[1] ? -1n : 1n);
  return { n, scale: frac.length };
}

/** a * b / c, cut (rounded toward zero) to `decimals` places, as a plain string. */
export function mulDivDown(a, b, c, decimals) {
  const [x, y, z] = [parse(a), parse(b), parse(c)];
  // value = x.n*y.n / z.n * 10^(z.scale - x.scale - y.scale); scaled by 10^decimals.
  let num = x.n * y.n * 10n ** BigInt(decimals + z.scale);
  let den = z.n * 10n ** BigInt(x.scale + y.scale);
  const q = num / den;
  return toString(q, decimals);
}

export function toString(q, decimals) {
  const neg = q < 0n;
  const s = (neg ? -q : q).toString().padStart(decimals + 1, "0");
  const int = s.slice(0, s.length - decimals);
  const frac = s.slice(s.length - decimals);
  return (neg ? "-" : "") + int + (decimals ? "." + frac : "");
}

/** The widget's English display ("87,959.07") -> "87959.07". */
export function fromEnglish(text) {
  return String(text).replace(/[,\s\u00a0\u202f]/g, "");
}
