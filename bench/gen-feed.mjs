// Generates a large feed in ratelink's normalized JSON (the lean shape the relay serves at
// /feeds/{name}, with `names`): N directions over real BestChange-style codes, deterministic.
// Usage: node bench/gen-feed.mjs [N=5000] > feed.json   (or import { generateFeed })
//        node bench/gen-feed.mjs --compare [EXCHANGERS=10] [N=5000] > compare.json
//        (a relay's /compare document: EXCHANGERS feeds of N directions each; generateCompare)

const CRYPTO = ["BTC", "ETH", "LTC", "XMR", "USDTTRC20", "USDTERC20", "USDTBEP20", "USDCERC20",
  "USDCTRC20", "TRX", "BNB", "DOGE", "XRP", "TON", "SOL", "DASH", "ZEC", "BCH", "ADA", "DOT",
  "MATIC", "AVAX", "LINK", "XLM", "ETC", "ATOM", "XTZ", "EOS", "NEO", "WAVES", "DAI", "SHIB",
  "UNI", "ALGO", "NEAR", "FIL", "VET", "ICP", "APT", "ARB"];
const BANKS = ["SBERRUB", "TCSBRUB", "ACRUB", "VTBRUB", "GPBRUB", "RFBRUB", "OPNBRUB", "PSBRUB",
  "RSHBRUB", "MTSBRUB", "POSTBRUB", "SOVCOMRUB", "MONOBUAH", "P24UAH", "OSCHADUAH", "PUMBUAH",
  "KASPIKZT", "HALYKKZT", "WIREUSD", "WIREEUR", "SEPAEUR", "REVOLUTEUR", "WISEUSD", "ZELLEUSD"];
const EMONEY = ["PMUSD", "PMEUR", "ADVCUSD", "ADVCRUB", "ADVCEUR", "YAMRUB", "QWRUB", "PRUSD",
  "PRRUB", "PPUSD", "SKRLUSD", "NTLRUSD", "PYRUSD", "WMZ", "WMR", "CAPUSD", "EPAYUSD", "MIRCRUB"];
const CARDS = ["CARDRUB", "CARDUAH", "CARDKZT", "VISAUSD", "MASTUSD", "MIRRUB", "UNIONPAYCNY",
  "CARDEUR", "CARDUSD", "HUMORUB"];
const CASH = ["CASHRUB", "CASHUSD", "CASHEUR", "CASHUAH", "CASHAED", "CASHTRY", "CASHKZT", "CASHGEL"];
const CODES = [...CRYPTO, ...BANKS, ...EMONEY, ...CARDS, ...CASH];
const CITIES = ["MSK", "SPB", "KIEV", "DUBAI", "ISTANBUL", "ALMATY", "TBILISI"];
const FLAGS = [[], [], [], ["manual"], ["verifying"], ["manual", "cardverify"], ["reg"]];

/** Rough USD value of one unit, so rates and limits look plausible. */
function usdValue(code, rnd) {
  const fixed = { BTC: 64000, ETH: 3100, LTC: 80, XMR: 160, BNB: 560, SOL: 150, TON: 6, BCH: 450 };
  if (fixed[code]) return fixed[code];
  if (/RUB$|^WMR$/.test(code)) return 0.0111;
  if (/UAH$/.test(code)) return 0.024;
  if (/KZT$/.test(code)) return 0.0021;
  if (/EUR$/.test(code)) return 1.08;
  if (/CNY$/.test(code)) return 0.14;
  if (/AED$/.test(code)) return 0.27;
  if (/TRY$/.test(code)) return 0.03;
  if (/GEL$/.test(code)) return 0.37;
  if (/USD|^WMZ$|USDT|USDC|DAI/.test(code)) return 1;
  return 0.05 + rnd() * 40;
}

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Formats a positive number as a plain decimal string with `sig` significant digits. */
function dec(x, sig = 8) {
  if (!(x > 0)) return "0";
  const digits = Math.max(0, sig - 1 - Math.floor(Math.log10(x)));
  return x.toFixed(Math.min(digits, 12)).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
}

export function generateFeed(n = 5000, seed = 42) {
  const rnd = mulberry32(seed);
  const value = Object.fromEntries(CODES.map((c) => [c, usdValue(c, rnd)]));
  const directions = [];
  const seen = new Set();
  // The first pairs are the ones the demo and the tests pick by default.
  const pairs = [["BTC", "SBERRUB"], ["USDTTRC20", "SBERRUB"], ["SBERRUB", "BTC"]];
  while (directions.length < n) {
    let from, to;
    if (pairs.length) [from, to] = pairs.shift();
    else {
      from = CODES[Math.floor(rnd() * CODES.length)];
      to = CODES[Math.floor(rnd() * CODES.length)];
    }
    const city = from.startsWith("CASH") || to.startsWith("CASH") ? CITIES[Math.floor(rnd() * CITIES.length)] : null;
    const key = from + ">" + to + ">" + city;
    if (from === to || seen.has(key)) continue;
    seen.add(key);
    const rate = (value[from] / value[to]) * (0.97 + rnd() * 0.02);
    const inverse = rate < 1;
    const inn = inverse ? dec(1 / rate) : "1";
    const out = inverse ? "1" : dec(rate);
    const minUsd = 10 + Math.floor(rnd() * 90);
    // The lean shape `/feeds/{name}` serves: absent fields and the derived `rate` left out.
    const dir = {
      from, to, in: inn, out,
      reserve: dec((5000 + rnd() * 5e6) / value[to], 10),
      min: dec(minUsd / value[from], 6), max: dec((20000 + rnd() * 80000) / value[from], 6),
    };
    const flags = FLAGS[Math.floor(rnd() * FLAGS.length)];
    if (flags.length) dir.flags = flags;
    if (city) dir.city = city;
    if (rnd() < 0.2) dir.from_fee = { percent: "0.5" };
    directions.push(dir);
  }
  // `names` as the relay writes them (category per list; the code stands in for the names).
  const names = {};
  for (const [list, category] of [[CRYPTO, "crypto"], [BANKS, "bank"], [EMONEY, "e-money"],
    [CARDS, "card"], [CASH, "cash"]]) {
    for (const code of list) names[code] = { en: code, category };
  }
  return { format: "xml-1.0", status: "ok", directions, skipped: [], warnings: [], names,
    fetched_at: "2026-11-22T00:00:00Z", stale: false };
}

/**
 * A relay's `/compare` document (docs/embedding.md) over `exchangers` generated feeds of `n`
 * directions each (a different seed per exchanger, so rates, limits and reserves differ; the
 * first pairs, BTC→SBERRUB included, are offered by every exchanger).
 */
export function generateCompare(exchangers = 10, n = 5000) {
  const list = [];
  const directions = [];
  let names = {};
  for (let i = 0; i < exchangers; i++) {
    const id = `ex${i + 1}`;
    const feed = generateFeed(n, 42 + i);
    names = feed.names;
    list.push({ id, title: `Exchanger ${i + 1}`, exchanger: `https://${id}.example`, ref: `R${i + 1}`,
      link_template: null, fetched_at: feed.fetched_at, stale: i === exchangers - 1, directions: n, error: null });
    for (const d of feed.directions) directions.push({ ...d, exchanger: id });
  }
  return { format: "compare", exchangers: list, directions, names, aliases: [] };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  if (args[0] === "--compare") {
    const doc = generateCompare(Number(args[1] ?? 10), Number(args[2] ?? 5000));
    process.stdout.write(JSON.stringify(doc) + "\n");
  } else {
    process.stdout.write(JSON.stringify(generateFeed(Number(args[0] ?? 5000))) + "\n");
  }
}
