-- Neovim's own LSP client (Neovim 0.7, as Debian 12 ships it) against `reflint lsp`: opens a copy of
-- fixtures/doi-malformed/wide-characters.html, checks that each diagnostic starts and ends exactly on
-- the malformed DOI (Neovim turns the server's UTF-16 columns into byte columns, so a server that
-- counted code points or bytes would land elsewhere on these lines of CJK and astral characters),
-- applies the quick fixes one by one through code actions, saves, and checks that the file is clean.
-- Run by tests/CMakeLists.txt: REFLINT_BINARY and REFLINT_PAGE name the binary and the copy.
local binary = assert(os.getenv('REFLINT_BINARY'), 'REFLINT_BINARY is not set')
local page = assert(os.getenv('REFLINT_PAGE'), 'REFLINT_PAGE is not set')

local function fail(message)
  io.stderr:write('nvim_quick_fix: ' .. message .. '\n')
  vim.cmd('cquit 1')
end

-- The text each diagnostic must cover, by 0-based line.
local expected = {
  [4] = '10.1000–abc.12001',
  [5] = 'doi: 10. 1186/fict-2018-2230',
}

vim.cmd('edit ' .. vim.fn.fnameescape(page))
local bufnr = vim.api.nvim_get_current_buf()
-- Offline: the page's DOIs are looked up in the (empty) cache of the test's own XDG_CACHE_HOME.
local client_id = vim.lsp.start_client({ name = 'reflint', cmd = { binary, 'lsp' },
  root_dir = vim.fn.fnamemodify(page, ':h'), init_options = { offline = true } })
if not client_id then fail('the client did not start') end
vim.lsp.buf_attach_client(bufnr, client_id)
local client = vim.lsp.get_client_by_id(client_id)

local function wait_for(count)
  return vim.wait(15000, function() return #vim.diagnostic.get(bufnr) == count end, 20)
end

if not wait_for(2) then fail(('expected 2 diagnostics, got %d'):format(#vim.diagnostic.get(bufnr))) end
for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
  local want = expected[diagnostic.lnum]
  if not want then fail(('a diagnostic on line %d: %s'):format(diagnostic.lnum + 1, diagnostic.message)) end
  local line = vim.api.nvim_buf_get_lines(bufnr, diagnostic.lnum, diagnostic.lnum + 1, true)[1]
  local first = line:find(want, 1, true) - 1
  if diagnostic.col ~= first or diagnostic.end_col ~= first + #want then
    fail(('line %d: the diagnostic covers bytes %d-%d, the DOI is at %d-%d'):format(
      diagnostic.lnum + 1, diagnostic.col, diagnostic.end_col, first, first + #want))
  end
  if diagnostic.source ~= 'reflint' or diagnostic.user_data.lsp.code ~= 'doi-malformed' then
    fail('a diagnostic without reflint as its source and doi-malformed as its code')
  end
end

-- Each quick fix through textDocument/codeAction, as `:lua vim.lsp.buf.code_action()` would ask.
for remaining = 1, 0, -1 do
  local diagnostic = vim.diagnostic.get(bufnr)[1]
  local params = vim.lsp.util.make_given_range_params({ diagnostic.lnum + 1, diagnostic.col },
    { diagnostic.end_lnum + 1, diagnostic.end_col }, bufnr, client.offset_encoding)
  params.context = { only = { 'quickfix' },
    diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, diagnostic.lnum, {}, client_id) }
  local response = client.request_sync('textDocument/codeAction', params, 5000, bufnr)
  if not response or response.err or not response.result or #response.result ~= 1 then
    fail('expected one quick fix for line ' .. (diagnostic.lnum + 1) .. ', got ' .. vim.inspect(response))
  end
  vim.lsp.util.apply_workspace_edit(response.result[1].edit, client.offset_encoding)
  if not wait_for(remaining) then
    fail(('after a quick fix: %d diagnostics, expected %d'):format(#vim.diagnostic.get(bufnr), remaining))
  end
end

vim.cmd('write')
local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, true), '\n')
for _, fixed in ipairs({ '10.1000/abc.12001', 'doi: 10.1186/fict-2018-2230' }) do
  if not text:find(fixed, 1, true) then fail('the fixed text lacks ' .. fixed) end
end
local output = vim.fn.system({ binary, '--offline', '--no-cache', page })
if vim.v.shell_error ~= 0 then fail('reflint still finds something in the saved file:\n' .. output) end
vim.lsp.stop_client(client_id)
vim.cmd('qall!')
