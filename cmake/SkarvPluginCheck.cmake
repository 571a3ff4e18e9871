# Run after a plugin links (cmake -P, from skarv_add_plugin): the host loads a plugin by
# its entry symbol, so a shared object without it in the dynamic symbol table is refused
# at run time. Fail the build now instead, and delete the file, so the next build fails
# again rather than leaving a plugin that looks built.
execute_process(COMMAND ${NM} -D --defined-only ${PLUGIN}
                OUTPUT_VARIABLE symbols ERROR_VARIABLE error RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  file(REMOVE ${PLUGIN})
  message(FATAL_ERROR "skarv_add_plugin: cannot read the symbols of ${PLUGIN}: ${error}")
endif()
if(NOT symbols MATCHES "[ \n]T ${ENTRY}\n")
  file(REMOVE ${PLUGIN})
  message(FATAL_ERROR "skarv_add_plugin: ${PLUGIN} does not export ${ENTRY}; define the entry "
                      "function with SKARV_EXPORT or SKARV_PLUGIN() (docs/writing-a-plugin.md), or the host refuses it")
endif()
