-- wrk script: POST a report (the text in REPORT_FILE) to /api/documents, each request under a
-- new doc_id so that every one is extracted and stored as a new document.
local token = os.getenv("MARSAD_WRITE_TOKEN")
local file = assert(io.open(os.getenv("REPORT_FILE"), "rb"))
local body = file:read("*a")
file:close()
local counter = 0
local threads = 0

function setup(thread)
  thread:set("thread_id", threads)
  threads = threads + 1
end

function request()
  counter = counter + 1
  local path = string.format("/api/documents?doc_id=load-%d-%d&published=2024-01-13&source=load", thread_id, counter)
  return wrk.format("POST", path, { ["Content-Type"] = "text/plain; charset=utf-8", ["Authorization"] = "Bearer " .. token }, body)
end
