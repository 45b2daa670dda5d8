-- Minimal Neovim (0.7+) configuration for the ModelReady language server, used headless by
-- test/nvim/nvim.test.ts. Environment: MODELREADY_SERVER (dist/server.js), MODELREADY_FILE (the manifest to
-- open), MODELREADY_OUT (where the JSON result is written). The same start_client call works in an init.lua
-- (see docs/editors.md).
local server = os.getenv('MODELREADY_SERVER')
local file = os.getenv('MODELREADY_FILE')
local out = os.getenv('MODELREADY_OUT')
local result = { errors = {} }

local function finish()
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  result.nvim = vim.version()
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  vim.bo.filetype = 'yaml'
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = 'modelready',
    cmd = { 'node', server, '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':h'),
    settings = { modelready = { profile = 'production' } },
    on_error = function(code, e) table.insert(result.errors, 'client error ' .. tostring(code) .. ': ' .. vim.inspect(e)) end,
  })
  if not client_id then error('start_client failed') end
  vim.lsp.buf_attach_client(bufnr, client_id)

  -- Diagnostics arrive by publishDiagnostics after didOpen.
  vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, { lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col, severity = d.severity, message = d.message, source = d.source, code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) })
  end

  local client = vim.lsp.get_client_by_id(client_id)
  result.server_capabilities = client and client.server_capabilities and {
    completion = client.server_capabilities.completionProvider ~= nil,
    codeAction = client.server_capabilities.codeActionProvider ~= nil,
    hover = client.server_capabilities.hoverProvider,
  }

  local uri = vim.uri_from_bufnr(bufnr)
  -- Completion of the `architecture.target` value (line and column from the test).
  local cline = tonumber(os.getenv('MODELREADY_COMPLETION_LINE'))
  local ccol = tonumber(os.getenv('MODELREADY_COMPLETION_CHAR'))
  local completion = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', { textDocument = { uri = uri }, position = { line = cline, character = ccol } }, 10000)
  result.completion = {}
  for _, r in pairs(completion or {}) do
    if r.err then table.insert(result.errors, 'completion: ' .. vim.inspect(r.err)) end
    local items = r.result and (r.result.items or r.result) or {}
    for _, item in ipairs(items) do table.insert(result.completion, item.label) end
  end

  -- Code actions for the schema diagnostic, with the context `vim.lsp.buf.code_action()` sends in 0.7: the
  -- line's diagnostics converted back to LSP form (range, message, source, code, data).
  local target_lnum
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.message:find('`target`', 1, true) then target_lnum = d.lnum break end
  end
  result.codeActions = {}
  if target_lnum then
    local line_diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, target_lnum)
    local params = { textDocument = { uri = uri }, range = line_diagnostics[1].range, context = { diagnostics = line_diagnostics } }
    local actions = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 10000)
    for _, r in pairs(actions or {}) do
      if r.err then table.insert(result.errors, 'codeAction: ' .. vim.inspect(r.err)) end
      for _, a in ipairs(r.result or {}) do table.insert(result.codeActions, { title = a.title, kind = a.kind, isPreferred = a.isPreferred, edit = a.edit }) end
    end
  else
    table.insert(result.errors, 'no diagnostic on `target`')
  end

  local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', { textDocument = { uri = uri }, position = { line = cline, character = 4 } }, 10000)
  for _, r in pairs(hover or {}) do
    result.hover = r.result and r.result.contents and (r.result.contents.value or r.result.contents) or vim.NIL
  end

  vim.lsp.stop_client(client_id)
  vim.wait(2000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
end)
if not ok then table.insert(result.errors, tostring(err)) end
finish()
