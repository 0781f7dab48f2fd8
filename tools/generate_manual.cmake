# Writes the man page (gzipped, as Debian installs them) and the bash, zsh and fish completions that
# the built reflint generates from its own options and rules, and the gzipped changelog, under
# OUTPUT in the folders they are installed to. Run after every link of reflint:
#   cmake -DREFLINT=... -DOUTPUT=... -DCHANGELOG=... -P
function(reflint_output file)
  get_filename_component(folder "${OUTPUT}/${file}" DIRECTORY)
  file(MAKE_DIRECTORY "${folder}")
  execute_process(COMMAND "${REFLINT}" ${ARGN} OUTPUT_FILE "${OUTPUT}/${file}" RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "reflint ${ARGN} failed: ${failed}")
  endif()
endfunction()

# -n: no name or time stamp in the archive, so the same text gives the same bytes.
function(reflint_gzip file)
  execute_process(COMMAND gzip -9 -n -f "${file}" RESULT_VARIABLE failed)
  if(failed)
    message(FATAL_ERROR "gzip of ${file} failed")
  endif()
endfunction()

reflint_output(man/man1/reflint.1 --man-page)
reflint_gzip("${OUTPUT}/man/man1/reflint.1")
file(MAKE_DIRECTORY "${OUTPUT}/doc/reflint")
configure_file("${CHANGELOG}" "${OUTPUT}/doc/reflint/changelog" COPYONLY)
reflint_gzip("${OUTPUT}/doc/reflint/changelog")
reflint_output(bash-completion/completions/reflint --completion bash)
reflint_output(zsh/vendor-completions/_reflint --completion zsh)
reflint_output(fish/vendor_completions.d/reflint.fish --completion fish)
