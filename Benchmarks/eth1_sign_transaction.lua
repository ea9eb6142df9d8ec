-- wrk script for `etherkeep bench eth1`: JSON-RPC eth_signTransaction (EIP-1559, chain 1337) for
-- one account, each request with its own nonce.
--
-- wrk -t T -c C -d Ds -s eth1_sign_transaction.lua URL -- ADDRESS
-- `done` prints one line, `ETHERKEEP-WRK key=value …`, that the benchmark parses.

local next_thread_id = 0
function setup(thread)
  thread:set("id", next_thread_id)
  next_thread_id = next_thread_id + 1
end

local body_format = '{"jsonrpc":"2.0","id":%d,"method":"eth_signTransaction","params":[{"from":"%s",'
  .. '"to":"0x000000000000000000000000000000000000dEaD","nonce":"0x%x","gas":"0x5208",'
  .. '"maxFeePerGas":"0x3b9aca00","maxPriorityFeePerGas":"0x1","value":"0x1","chainId":"0x539"}]}'

function init(args)
  address = args[1]
  nonce = id * 1000000000
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  nonce = nonce + 1
  return wrk.format(nil, "/", nil, string.format(body_format, nonce, address, nonce))
end

function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"result"', 1, true) then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "ETHERKEEP-WRK requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d status_errors=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
