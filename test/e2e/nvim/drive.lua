-- Drives the real Neovim LSP client for test/e2e/neovim.e2e.test.ts (run after
-- init.lua with the draft loaded): waits for claimlint's diagnostics, puts the
-- cursor on the safety claim, runs vim.lsp.buf.code_action() with vim.ui.select
-- answering "Rewrite with evidence" (as a user picks it from the menu; Neovim
-- resolves the action and applies its workspace edit), writes the buffer to
-- $CLAIMLINT_E2E_OUT and a JSON report of each step to $CLAIMLINT_E2E_REPORT.
local report = { steps = {} }
local out = assert(vim.env.CLAIMLINT_E2E_OUT, 'CLAIMLINT_E2E_OUT not set')
local report_file = assert(vim.env.CLAIMLINT_E2E_REPORT, 'CLAIMLINT_E2E_REPORT not set')
local RULE = 'safety/minimal-side-effects'
local WAIT = tonumber(vim.env.CLAIMLINT_E2E_WAIT_MS or '30000')

local function save_report()
  local f = assert(io.open(report_file, 'w'))
  f:write(vim.fn.json_encode(report))
  f:close()
end

local function step(name, fn)
  local t0 = vim.loop.hrtime()
  local ok, err = pcall(fn)
  table.insert(report.steps, { name = name, ok = ok, ms = math.floor((vim.loop.hrtime() - t0) / 1e6), error = (not ok) and tostring(err) or nil })
  if not ok then
    report.failed = name
    save_report()
    vim.cmd('cquit 1')
  end
end

local bufnr = vim.api.nvim_get_current_buf()
local function text() return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') end
local function claimlint_diagnostics()
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'claimlint' then table.insert(out, d) end
  end
  return out
end
local function find_diagnostic(code)
  for _, d in ipairs(claimlint_diagnostics()) do
    if d.code == code then return d end
  end
end

report.nvim = vim.version()
report.filetype = vim.bo[bufnr].filetype

step('the claimlint client attaches', function()
  assert(vim.wait(WAIT, function() return #vim.lsp.buf_get_clients(bufnr) > 0 end, 50), 'no LSP client attached to ' .. vim.api.nvim_buf_get_name(bufnr))
  local _, client = next(vim.lsp.buf_get_clients(bufnr))
  assert(vim.wait(WAIT, function() return client.initialized end, 50), 'the server did not answer initialize')
  report.client = client.name
end)

local target
step('diagnostics arrive', function()
  assert(vim.wait(WAIT, function() return find_diagnostic(RULE) ~= nil end, 50), 'no ' .. RULE .. ' diagnostic; got ' .. vim.inspect(claimlint_diagnostics()))
  target = find_diagnostic(RULE)
  report.diagnostics = vim.tbl_map(function(d)
    return { code = d.code, lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity, message = d.message }
  end, claimlint_diagnostics())
end)

step('code action: Rewrite with evidence', function()
  vim.api.nvim_win_set_cursor(0, { target.lnum + 1, target.col })
  local chosen
  -- The menu: Neovim hands the actions to vim.ui.select; pick the rewrite.
  vim.ui.select = function(items, opts, on_choice)
    report.menu = {}
    for _, item in ipairs(items) do
      local title = opts.format_item and opts.format_item(item) or item[2].title
      table.insert(report.menu, title)
      if not chosen and title:find('^Rewrite with evidence') then chosen = item end
    end
    report.chosen = chosen and chosen[2].title or nil
    on_choice(chosen)
  end
  local before = vim.api.nvim_buf_get_changedtick(bufnr)
  vim.lsp.buf.code_action()
  assert(vim.wait(WAIT, function() return report.menu ~= nil end, 50), 'no code action menu')
  assert(chosen, 'no "Rewrite with evidence" action in ' .. vim.inspect(report.menu))
  assert(vim.wait(WAIT, function() return vim.api.nvim_buf_get_changedtick(bufnr) ~= before and text():find('[^short2018]:', 1, true) ~= nil end, 50),
    'the buffer did not change to the rewrite; text:\n' .. text())
end)

step('the rewritten draft is linted again without the claim', function()
  assert(vim.wait(WAIT, function() return find_diagnostic(RULE) == nil end, 50), RULE .. ' still reported after the rewrite')
  report.after = vim.tbl_map(function(d) return d.code end, claimlint_diagnostics())
end)

step('write the buffer', function()
  vim.cmd('silent write! ' .. vim.fn.fnameescape(out))
end)

report.ok = true
save_report()
vim.cmd('qall!')
