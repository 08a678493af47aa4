-- wrk script: the shared kit's lib/wrk_report.lua (method, headers, expected statuses, request cap,
-- the same JSON result), plus a per-request body: every "{key}" in LT_BODY becomes a key that no
-- other request of the run has, so each request is a first attempt, not an idempotent replay.
--
--   KIT_WRK_REPORT  path of the kit's wrk_report.lua (loaded as is, not copied)
--   UK_PREFIX       start of every key of this run, e.g. "bench-3f9a1c-main"; keys are PREFIX-THREAD-N
--   UK_ACKS         file prefix: each wrk thread writes UK_ACKS.THREAD with the id of every 201 answer
--   UK_ACK_FIELD    the JSON field that carries that id (default "id"; a number or a string of letters/digits)
--   LT_*            as for wrk_report.lua (LT_BODY is the template here)

dofile(os.getenv("KIT_WRK_REPORT"))

local template = wrk.body
local prefix = os.getenv("UK_PREFIX")
local acks_prefix = os.getenv("UK_ACKS")
local ack_pattern = '"' .. (os.getenv("UK_ACK_FIELD") or "id") .. '"%s*:%s*"?(%w+)'

if template == nil or prefix == nil or acks_prefix == nil then
  error("unique_key.lua needs LT_BODY, UK_PREFIX and UK_ACKS")
end

local kit_setup, kit_init, kit_response = setup, init, response
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_no", thread_count)
  kit_setup(thread)
end

function init(args)
  kit_init(args)
  sent = 0
  acks = assert(io.open(acks_prefix .. "." .. thread_no, "w"))
  acks:setvbuf("line")  -- threads have no end hook: write each line through
end

function request()
  sent = sent + 1
  local key = prefix .. "-" .. thread_no .. "-" .. sent
  local body = string.gsub(template, "{key}", key)
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status == 201 then
    acks:write(string.match(body or "", ack_pattern) or "?", "\n")
  end
  kit_response(status, headers, body)  -- last: it may stop the thread at the request cap
end
