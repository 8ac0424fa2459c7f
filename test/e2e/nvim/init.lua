-- Neovim (0.7+) configuration for claimlint with the built-in LSP client, no
-- plugins. Usable as is: `nvim -u init.lua draft.md`, or copy the autocmd into
-- your own init.lua. The end-to-end test (test/e2e/neovim.e2e.test.ts) runs it
-- headless.
--
-- The server is the `claimlint-server` bin of this package (an npm install puts
-- it on PATH); $CLAIMLINT_SERVER may name the JavaScript file to run with node
-- instead (bin/claimlint-server.js, dist/server/src/server.js or the bundle
-- dist/server.bundle.mjs).
--
-- Written against the 0.7 API (Debian bookworm): vim.lsp.start_client +
-- vim.lsp.buf_attach_client (vim.lsp.start only exists from 0.8).

local function server_cmd()
  local js = vim.env.CLAIMLINT_SERVER
  if js and js ~= '' then
    return { vim.env.CLAIMLINT_NODE or 'node', js, '--stdio' }
  end
  return { 'claimlint-server', '--stdio' }
end

-- One server per workspace root (the folder with .claimlintrc.yaml or .git,
-- else the draft's folder).
local clients = {}

local function root_for(bufnr)
  local path = vim.api.nvim_buf_get_name(bufnr)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  for _, marker in ipairs({ '.claimlintrc.yaml', '.git' }) do
    local found = vim.fn.finddir(marker, dir .. ';')
    if found == '' then found = vim.fn.findfile(marker, dir .. ';') end
    if found ~= '' then return vim.fn.fnamemodify(found, ':p:h:h') end
  end
  return dir
end

local function attach(args)
  local bufnr = args.buf
  local root = root_for(bufnr)
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client({
      name = 'claimlint',
      cmd = server_cmd(),
      root_dir = root,
      workspace_folders = { { uri = vim.uri_from_fname(root), name = vim.fn.fnamemodify(root, ':t') } },
      -- Answered to the server's workspace/configuration request for "claimlint";
      -- the same keys as the VS Code settings (claimlint.severity.*, packs, ...).
      settings = { claimlint = {} },
    })
    clients[root] = id
  end
  if id then vim.lsp.buf_attach_client(bufnr, id) end
end

vim.api.nvim_create_autocmd('FileType', {
  pattern = { 'markdown', 'text' },
  callback = attach,
  desc = 'claimlint language server',
})
