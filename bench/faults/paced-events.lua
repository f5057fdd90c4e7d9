-- wrk script for bench/faults/overload.sh: page views at a set rate per connection (wrk's delay()),
-- each with its own path (/overload/RUN/THREAD-N, N in letters: the ingest scrubs numbers of six
-- digits or more to :id) so the script can count the stored ones, from
-- rotating client addresses (X-Forwarded-For from the trusted loopback proxy), no bots.
-- Arguments: RUN DELAY_MS. Prints the answers by status at the end, as "status N" lines.
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  run = args[1]; pause = tonumber(args[2]); counter = 0; statuses = {}
  math.randomseed(os.time() + id * 7919)
end
function delay() return pause end
function request()
  counter = counter + 1
  local ip = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  local body = string.format(
    '{"n":"pageview","u":"https://reference.example.org/overload/%s/%d-%s","d":"reference.example.org"}',
    run, id, (tostring(counter):gsub("%d", function(d) return string.char(97 + tonumber(d)) end)))
  return wrk.format("POST", "/api/event", {
    ["Content-Type"] = "text/plain",
    ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    ["X-Forwarded-For"] = ip,
  }, body)
end
function response(status, headers, body)
  local key = tostring(status)
  if status == 202 and (headers["X-Pledge-Dropped"] or headers["x-pledge-dropped"]) then key = "202-dropped" end
  statuses[key] = (statuses[key] or 0) + 1
end
function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do total[k] = (total[k] or 0) + v end
  end
  for k, v in pairs(total) do io.write(string.format("status %s %d\n", k, v)) end
  io.write(string.format("errors connect=%d read=%d write=%d timeout=%d status=%d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    summary.errors.status))
  io.write(string.format("latency p50=%.1fms p99=%.1fms\n", latency:percentile(50) / 1000,
    latency:percentile(99) / 1000))
end
