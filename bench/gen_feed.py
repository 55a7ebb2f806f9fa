#!/usr/bin/env python3
"""Writes a made-up rates feed with N directions (default 5000) to stdout.

Usage: gen_feed.py [N] [xml|txt]. XML is the Premium v1.0 layout (limits with suffixes, fees,
params, cities); deterministic output (fixed seed).
"""
import random
import sys

n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
fmt = sys.argv[2] if len(sys.argv) > 2 else "xml"
random.seed(42)
base = ["BTC", "ETH", "LTC", "XMR", "USDTTRC20", "USDTERC20", "USDTBEP20", "USDCTRC20", "TRX", "BNB", "SOL", "DOGE",
        "TON", "DASH", "ZEC", "XRP", "PMUSD", "ADVCUSD", "PRUSD", "QWRUB", "YAMRUB", "SBERRUB", "TCSBRUB", "ACRUB",
        "VTBRUB", "GPBRUB", "RFBRUB", "MONOBUAH", "P24UAH", "CARDRUB", "CARDUAH", "CARDUSD", "CARDEUR", "CARDKZT",
        "WIRERUB", "WIREUSD", "CASHRUB", "CASHUSD", "CASHEUR", "CASHUAH"]
codes = list(base)
i = 0
while len(codes) * (len(codes) - 1) < n:
    codes.append(f"BANK{i:02d}RUB")
    i += 1
pairs = [(a, b) for a in codes for b in codes if a != b]
random.shuffle(pairs)
pairs = pairs[:n]
if fmt == "txt":
    for a, b in pairs:
        r = random.uniform(0.0001, 100000)
        city = "MSK" if b.startswith("CASH") else ""
        sys.stdout.write(f"{a};{b};1;{r:.6f};{random.uniform(1000, 9e6):.2f};{city};\n")
    sys.exit(0)
out = ['<?xml version="1.0" encoding="utf-8"?>', "<rates>"]
for k, (a, b) in enumerate(pairs):
    r = random.uniform(0.0001, 100000)
    item = ["<item>", f"<from>{a}</from>", f"<to>{b}</to>"]
    if r >= 1:
        item += ["<in>1</in>", f"<out>{r:.4f}</out>"]
    else:
        item += [f"<in>{1 / r:.4f}</in>", "<out>1</out>"]
    item.append(f"<amount>{random.uniform(1000, 9e6):.2f}</amount>")
    item.append(f"<minamount>{random.choice([10, 50, 100, 500])} {a}</minamount>")
    item.append(f"<maxamount>{random.choice([5000, 10000, 50000])} {a}</maxamount>")
    if k % 5 == 0:
        item.append("<fromfee>1 USD, 0.5 %</fromfee>")
    if k % 3 == 0:
        item.append("<param>manual, verifying</param>")
    if b.startswith("CASH"):
        item.append("<city>MSK</city>")
    item.append("</item>")
    out.append("\n".join(item))
out.append("</rates>")
sys.stdout.write("\n".join(out) + "\n")
