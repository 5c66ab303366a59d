-- A minimal Neovim configuration for tests/editors/run.sh: Neovim's built-in LSP client starts
-- `spinlint lsp` on the file opened, waits for the diagnostics it publishes, and writes what
-- Neovim received to $SPINLINT_NVIM_OUT, a line per diagnostic:
--   line:col:end_line:end_col severity code source | message
-- (0-based lines; columns are byte offsets, converted by Neovim from the protocol's UTF-16).
-- Written for Neovim 0.7 (Debian 12's) and later: vim.lsp.start_client and buf_attach_client.
local out = assert(os.getenv('SPINLINT_NVIM_OUT'), 'SPINLINT_NVIM_OUT is not set')
local spinlint = assert(os.getenv('SPINLINT_BIN'), 'SPINLINT_BIN is not set')

local function finish(lines, code)
  local file = assert(io.open(out, 'w'))
  file:write(table.concat(lines, '\n') .. '\n')
  file:close()
  vim.cmd((code == 0) and 'qall!' or 'cquit! ' .. code)
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local buffer = vim.api.nvim_get_current_buf()
    local client = vim.lsp.start_client({
      name = 'spinlint',
      cmd = { spinlint, 'lsp' },
      root_dir = vim.fn.expand('%:p:h'),
    })
    if not client then
      finish({ 'error: the client did not start' }, 3)
      return
    end
    vim.lsp.buf_attach_client(buffer, client)
    local received = vim.wait(60000, function()
      return #vim.diagnostic.get(buffer) > 0
    end, 50)
    if not received then
      finish({ 'error: no diagnostics within 60 s' }, 4)
      return
    end
    local lines = {}
    for _, d in ipairs(vim.diagnostic.get(buffer)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ''
      table.insert(lines, string.format('%d:%d:%d:%d %d %s %s | %s',
        d.lnum, d.col, d.end_lnum, d.end_col, d.severity, code, d.source or '', d.message))
    end
    table.sort(lines)
    vim.lsp.stop_client(client)
    finish(lines, 0)
  end,
})
