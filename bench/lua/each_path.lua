-- wrk script: the shared kit's lib/wrk_report.lua (method, headers, body, expected statuses, the same JSON
-- result), each request to the next path of a file, so that no two requests of the run name the same
-- thing (a dossier's rating link rates once: a second POST to it is 410 Gone, not a first attempt).
--
--   KIT_WRK_REPORT  path of the kit's wrk_report.lua (loaded as is, not copied)
--   EP_PATHS        file with one path per line ("/x/bench-xa/danh-gia/<token>/"); wrk thread t of n takes
--                   lines t, t+n, t+2n, ...; a thread that has used its lines stops
--   LT_*            as for wrk_report.lua

dofile(os.getenv("KIT_WRK_REPORT"))

local paths_file = os.getenv("EP_PATHS")
if paths_file == nil then
  error("each_path.lua needs EP_PATHS")
end

local kit_setup, kit_init = setup, init
local thread_count = 0

function setup(thread)
  thread_count = thread_count + 1
  thread:set("thread_no", thread_count)
  kit_setup(thread)
end

function init(args)
  kit_init(args)
  paths = {}
  local line_no = 0
  local total = tonumber(os.getenv("EP_THREADS") or "1")
  for line in io.lines(paths_file) do
    line_no = line_no + 1
    if (line_no - thread_no) % total == 0 and line ~= "" then
      paths[#paths + 1] = line
    end
  end
  sent = 0
end

function request()
  sent = sent + 1
  local path = paths[sent]
  if path == nil then
    wrk.thread:stop()
    path = paths[#paths]  -- wrk wants a request still; it is not sent once the thread stops
  end
  return wrk.format(nil, path)
end
