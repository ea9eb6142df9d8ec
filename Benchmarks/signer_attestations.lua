-- wrk script for `etherkeep bench signer`: Web3Signer ATTESTATION requests for many validators,
-- each (validator, target epoch) once, so slashing protection accepts every one of them.
--
-- wrk -t T -c C -d Ds -s signer_attestations.lua URL -- PUBKEYS_FILE T FIRST_EPOCH RATE GVR VERSION
--   PUBKEYS_FILE  one 0x public key per line; thread i takes the keys i, i+T, i+2T, …
--   FIRST_EPOCH   the first target epoch (above any history in the store)
--   RATE          requests per second for each thread, paced on a monotonic clock; 0: no pacing
--   GVR, VERSION  the network's genesis_validators_root and fork version (0x hex)
-- `done` prints one line, `ETHERKEEP-WRK key=value …`, that the benchmark parses.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } etherkeep_timespec;
int clock_gettime(int clock_id, etherkeep_timespec *tp);
]]
local timespec = ffi.new("etherkeep_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, timespec) -- CLOCK_MONOTONIC
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

local next_thread_id = 0
function setup(thread)
  thread:set("id", next_thread_id)
  next_thread_id = next_thread_id + 1
end

local body_format = '{"type":"ATTESTATION","fork_info":{"fork":{"previous_version":"%s","current_version":"%s",'
  .. '"epoch":"0"},"genesis_validators_root":"%s"},"attestation":{"slot":"%.0f","index":"0",'
  .. '"beacon_block_root":"0x%064x","source":{"epoch":"%.0f","root":"0x%064x"},'
  .. '"target":{"epoch":"%.0f","root":"0x%064x"}}}'

function init(args)
  local threads = tonumber(args[2])
  epoch = tonumber(args[3])
  rate = tonumber(args[4])
  gvr = args[5]
  version = args[6]
  keys = {}
  local index = 0
  for line in io.lines(args[1]) do
    if index % threads == id then table.insert(keys, line) end
    index = index + 1
  end
  next_key = 1
  scheduled = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
end

function request()
  local key = keys[next_key]
  local slot = epoch * 32 + (next_key % 32)
  local body = string.format(body_format, version, version, gvr, slot, next_key, epoch - 1, epoch - 1, epoch, epoch)
  next_key = next_key + 1
  if next_key > #keys then
    next_key = 1
    epoch = epoch + 1
  end
  return wrk.format(nil, "/api/v1/eth2/sign/" .. key, nil, body)
end

-- Open-loop pacing: each request takes the next slot of the thread's schedule, so a slow answer
-- on one connection does not slow the offered rate (only a backlog does).
if tonumber(os.getenv("ETHERKEEP_WRK_PACED") or "0") == 1 then
  function delay()
    if start == nil then start = now_ms() end
    local due = start + scheduled * 1000 / rate
    scheduled = scheduled + 1
    local wait = due - now_ms()
    if wait < 0 then return 0 end
    return wait
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "ETHERKEEP-WRK requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d status_errors=%d socket_errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
