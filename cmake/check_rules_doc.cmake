# CTest check: docs/rules.md must equal `kumolens rules --format markdown`.
# Inputs: KUMOLENS (the binary), DOC (docs/rules.md), OUT (where to write the fresh text),
# FORMAT (optional: secrets-markdown for docs/secrets-detectors.md).
if(NOT FORMAT)
  set(FORMAT markdown)
endif()
execute_process(COMMAND ${KUMOLENS} rules --format ${FORMAT}
                OUTPUT_VARIABLE fresh RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "'kumolens rules --format ${FORMAT}' failed with exit code ${rc}")
endif()
if(NOT EXISTS ${DOC})
  message(FATAL_ERROR "${DOC} is missing: run `make docs` and commit it")
endif()
file(READ ${DOC} committed)
if(NOT committed STREQUAL fresh)
  file(WRITE ${OUT} "${fresh}")
  message(FATAL_ERROR "${DOC} is stale (the rule catalog or the detectors changed): run `make docs` "
                      "and commit the result. To see the difference: diff -u ${DOC} ${OUT}")
endif()
message(STATUS "${DOC} matches the catalog")
