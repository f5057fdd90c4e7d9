-- wrk script for bench/faults/overload.sh: one studio API request at a set rate per connection.
-- Arguments: DELAY_MS METHOD PATH KEY [JSON-BODY]. Prints the answers by status at the end.
local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  pause = tonumber(args[1]); method = args[2]; path = args[3]; key = args[4]; body = args[5]
  statuses = {}; retry = 0
end
function delay() return pause end
function request()
  local headers = { ["Authorization"] = "Bearer " .. key }
  if body then headers["Content-Type"] = "application/json" end
  return wrk.format(method, path, headers, body)
end
function response(status, headers, b)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
  if headers["Retry-After"] or headers["retry-after"] then retry = retry + 1 end
end
function done(summary, latency, requests)
  local total, retries = {}, 0
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do total[k] = (total[k] or 0) + v end
    retries = retries + t:get("retry")
  end
  for k, v in pairs(total) do io.write(string.format("status %s %d\n", k, v)) end
  io.write(string.format("retry-after %d\n", retries))
  io.write(string.format("errors connect=%d read=%d write=%d timeout=%d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  io.write(string.format("latency p50=%.1fms p99=%.1fms\n", latency:percentile(50) / 1000,
    latency:percentile(99) / 1000))
end
