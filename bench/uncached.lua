-- Every request carries a cookie no other request has, so the page cache (which varies on
-- Cookie) never answers it: the "cold" figures measure rendering, not the cache.
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", nil, {["Cookie"] = "bench=" .. counter .. "-" .. math.random(1000000000)})
end
