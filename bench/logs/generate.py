#!/usr/bin/env python3
"""Writes a realistic combined-format access log to stdout: LINES lines (first argument).

Mixed clients (about 75 % IPv4, 20 % IPv6, 5 % IPv4-mapped IPv6), a few thousand distinct
visitors with Zipf-like repetition as in real traffic, realistic paths, query strings, referrers
and user agents. Seeded, so every run of the benchmark reads the same bytes.
"""
import random
import sys

rnd = random.Random(20240601)
lines = int(sys.argv[1]) if len(sys.argv) > 1 else 3_000_000

def ipv4():
    return "%d.%d.%d.%d" % (rnd.choice([1, 2, 5, 23, 31, 37, 46, 62, 66, 77, 80, 81, 82, 84, 85, 86,
                                          87, 88, 89, 91, 92, 93, 94, 95, 104, 109, 141, 146, 151,
                                          176, 178, 185, 188, 193, 194, 195, 212, 213, 217]),
                            rnd.randrange(256), rnd.randrange(256), rnd.randrange(1, 255))

def ipv6():
    prefix = rnd.choice(["2001:db8", "2a02:8109", "2a01:c23", "2003:e5", "2a00:20", "2600:1700"])
    groups = [format(rnd.randrange(0x10000), "x") for _ in range(6)]
    if rnd.random() < 0.5:
        return prefix + ":" + ":".join(groups)
    return prefix + ":" + groups[0] + "::" + groups[4] + ":" + groups[5]

def client():
    r = rnd.random()
    if r < 0.75:
        return ipv4()
    if r < 0.95:
        return ipv6()
    return "::ffff:" + ipv4()

visitors = [client() for _ in range(20000)]

paths = ["/", "/index.html", "/about/", "/blog/", "/feed.xml", "/robots.txt", "/favicon.ico",
         "/sitemap.xml", "/contact/", "/privacy/", "/css/site.3f9a1c.css", "/js/app.8be21d.js",
         "/img/logo.svg", "/img/hero-1600w.webp", "/fonts/inter-var.woff2", "/api/v1/search"]
posts = ["/blog/%d/%02d/%s/" % (y, m, slug) for y in range(2015, 2025) for m in range(1, 13)
         for slug in ("release-notes", "privacy-by-design", "static-sites", "caching-headers")]
queries = ["", "", "", "", "?utm_source=newsletter&utm_medium=email", "?page=2", "?q=ipv6+privacy",
           "?ref=hn", "?lang=de", "?v=1.4.2"]
methods = ["GET"] * 18 + ["POST", "HEAD"]
statuses = ["200"] * 30 + ["304"] * 6 + ["301", "302", "404", "404", "403", "500", "206"]
referers = ["-"] * 8 + ["https://www.google.com/", "https://duckduckgo.com/",
            "https://news.ycombinator.com/item?id=38412345", "https://example.org/blog/",
            "https://t.co/AbC123xYz", "https://www.bing.com/search?q=access+log+anonymise"]
agents = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "curl/8.5.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91",
]
months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

out = sys.stdout
buf = []
second = 0
for i in range(lines):
    # Zipf-like: a few visitors make many requests.
    who = visitors[min(int(rnd.paretovariate(1.2)) - 1, len(visitors) - 1) if rnd.random() < 0.6
                   else rnd.randrange(len(visitors))]
    second += rnd.random() < 0.02
    t = "%02d/%s/2024:%02d:%02d:%02d +0000" % (1 + (second // 86400) % 28, months[(second // 2419200) % 12],
                                               (second // 3600) % 24, (second // 60) % 60, second % 60)
    path = (rnd.choice(posts) if rnd.random() < 0.4 else rnd.choice(paths)) + rnd.choice(queries)
    status = rnd.choice(statuses)
    size = "-" if status == "304" else str(rnd.randrange(120, 250000))
    buf.append('%s - - [%s] "%s %s HTTP/%s" %s %s "%s" "%s"\n' % (
        who, t, rnd.choice(methods), path, rnd.choice(["1.1", "1.1", "2.0"]), status, size,
        rnd.choice(referers), rnd.choice(agents)))
    if len(buf) == 10000:
        out.write("".join(buf))
        buf.clear()
out.write("".join(buf))
