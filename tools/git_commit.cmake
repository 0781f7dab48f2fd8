# Writes OUTPUT (a C++ header) with the source tree's git commit, "+dirty" when it has changes, or
# "unknown" outside a git checkout; rewritten only when that changes, so a build that did not
# change the commit recompiles nothing. Run at every build: cmake -DSOURCE=... -DOUTPUT=... -P
execute_process(COMMAND git -C "${SOURCE}" rev-parse --short=12 HEAD OUTPUT_VARIABLE commit
                OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE failed)
if(failed OR commit STREQUAL "")
  set(commit "unknown")
else()
  execute_process(COMMAND git -C "${SOURCE}" diff --quiet HEAD -- RESULT_VARIABLE dirty ERROR_QUIET)
  if(dirty)
    set(commit "${commit}+dirty")
  endif()
endif()
set(text "#pragma once\nnamespace reflint {\ninline constexpr const char* kCommit = \"${commit}\";\n}  // namespace reflint\n")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" previous)
endif()
if(NOT previous STREQUAL text)
  file(WRITE "${OUTPUT}" "${text}")
endif()
