# Shared by the packaging check scripts: set CHECK_NAME before including.
function(fail)
  message(FATAL_ERROR "${CHECK_NAME}: ${ARGN}")
endfunction()

# Runs a command; a non-zero exit fails the check with its output. RUN_OUTPUT holds stdout + stderr.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    fail("`${cmd}` failed (${rc}):\n${out}${err}")
  endif()
  set(RUN_OUTPUT "${out}${err}" PARENT_SCOPE)
endfunction()
