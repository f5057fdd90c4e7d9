-- wrk script: Plausible-style page views with rotating client addresses (X-Forwarded-For from a
-- trusted loopback proxy), rotating user agents (20 % bots), paths and referrers. Counts the
-- answers by kind so run.sh can check that every accepted event was stored exactly once.
local uas = {
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
  "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
}
local bots = {
  "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
}
local paths = { "/", "/formats/png", "/formats/jpeg", "/formats/webp", "/formats/avif",
  "/concepts/colour-spaces", "/concepts/compression", "/concepts/metadata-and-privacy", "/about" }
local referrers = { "null", "\"https://www.google.com/\"", "\"https://duckduckgo.com/\"",
  "\"https://www.bing.com/\"", "\"https://news.ycombinator.com/\"", "\"https://blog.example.net/post\"" }

local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  accepted, dropped, refused, other = 0, 0, 0, 0
  math.randomseed(os.time() + id * 7919)
end

function request()
  counter = counter + 1
  local ua
  if math.random() < 0.2 then ua = bots[math.random(#bots)] else ua = uas[math.random(#uas)] end
  local ip = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  local body = string.format(
    '{"n":"pageview","u":"https://reference.example.org%s","d":"reference.example.org","r":%s}',
    paths[math.random(#paths)], referrers[math.random(#referrers)])
  return wrk.format("POST", "/api/event", {
    ["Content-Type"] = "text/plain",
    ["User-Agent"] = ua,
    ["X-Forwarded-For"] = ip,
  }, body)
end

function response(status, headers, body)
  if status == 202 then
    if headers["X-Pledge-Dropped"] then dropped = dropped + 1 else accepted = accepted + 1 end
  elseif status == 429 or status == 503 then
    refused = refused + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local a, d, r, o = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("accepted"); d = d + t:get("dropped"); r = r + t:get("refused"); o = o + t:get("other")
  end
  io.write(string.format("answers: accepted=%d dropped=%d refused=%d other=%d\n", a, d, r, o))
  io.write(string.format("latency p50=%.2fms p99=%.2fms max=%.2fms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
