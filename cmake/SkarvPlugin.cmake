# skarv_add_plugin(<name> SOURCES <file>... [LIBS <lib>...] [OUTPUT_DIR <dir>] [NO_ENTRY_CHECK])
#
# One Skarv plugin: a MODULE library named <name>.so (no "lib" prefix: the host and the
# configuration name plugins by file stem), linked against Skarv::sdk and nothing of the
# host (Skarv::abi alone in a project without C++). The same definition builds the
# plugins inside Skarv's tree and a customer's plugins against the installed SDK
# (find_package(Skarv)); docs/writing-a-plugin.md.
#
# - Hidden visibility: plugins are loaded RTLD_LOCAL, and a plugin exporting its helpers
#   could still shadow another's through the process's global scope (Boost.DLL tutorial,
#   "symbol shadowing problem"). Only the entry symbol, marked SKARV_EXPORT, leaves.
# - After linking, the dynamic symbol table must hold the ABI's entry symbol (read from
#   skarv/abi.h), so a plugin the host would refuse ("no entry symbol") fails the build
#   instead. NO_ENTRY_CHECK is for the host's own tests of that refusal.
# - OUTPUT_DIR: where the .so lands; default SKARV_PLUGIN_OUTPUT_DIR if the caller set it,
#   otherwise CMake's usual place.
include_guard(GLOBAL)

set(_SKARV_PLUGIN_CMAKE_DIR ${CMAKE_CURRENT_LIST_DIR})

# The entry symbol's name, once, from the header every plugin compiles against.
function(_skarv_plugin_entry_name abi_header out_var)
  file(STRINGS ${abi_header} line REGEX "^#define SKARV_PLUGIN_ENTRY_NAME ")
  if(NOT line MATCHES "\"([A-Za-z0-9_]+)\"")
    message(FATAL_ERROR "skarv_add_plugin: no SKARV_PLUGIN_ENTRY_NAME in ${abi_header}")
  endif()
  set(${out_var} ${CMAKE_MATCH_1} PARENT_SCOPE)
endfunction()

function(skarv_add_plugin name)
  cmake_parse_arguments(P "NO_ENTRY_CHECK" "OUTPUT_DIR" "SOURCES;LIBS" ${ARGN})
  if(P_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "skarv_add_plugin(${name}): unknown arguments ${P_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT P_SOURCES)
    message(FATAL_ERROR "skarv_add_plugin(${name}): SOURCES is required")
  endif()
  # A C++ plugin gets the C++ SDK; a project without C++ gets abi.h alone.
  get_property(languages GLOBAL PROPERTY ENABLED_LANGUAGES)
  if("CXX" IN_LIST languages)
    set(sdk Skarv::sdk)
  else()
    set(sdk Skarv::abi)
  endif()
  if(NOT TARGET ${sdk} OR NOT TARGET Skarv::abi)
    message(FATAL_ERROR "skarv_add_plugin(${name}): no ${sdk} target; call find_package(Skarv) first")
  endif()
  if(NOT P_OUTPUT_DIR AND DEFINED SKARV_PLUGIN_OUTPUT_DIR)
    set(P_OUTPUT_DIR ${SKARV_PLUGIN_OUTPUT_DIR})
  endif()

  add_library(${name} MODULE ${P_SOURCES})
  target_link_libraries(${name} PRIVATE ${sdk} ${P_LIBS})
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    POSITION_INDEPENDENT_CODE ON)
  if(P_OUTPUT_DIR)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${P_OUTPUT_DIR})
  endif()

  # ELF only: nm -D reads the dynamic symbol table (a MinGW DLL would need objdump -p).
  if(NOT P_NO_ENTRY_CHECK AND CMAKE_SYSTEM_NAME STREQUAL "Linux")
    get_target_property(sdk_includes Skarv::abi INTERFACE_INCLUDE_DIRECTORIES)
    set(abi_header "")
    foreach(dir IN LISTS sdk_includes)
      # In-tree the directory is wrapped in $<BUILD_INTERFACE:...>.
      string(REGEX REPLACE "^\\$<BUILD_INTERFACE:(.*)>$" "\\1" dir "${dir}")
      if(EXISTS ${dir}/skarv/abi.h)
        set(abi_header ${dir}/skarv/abi.h)
        break()
      endif()
    endforeach()
    if(NOT abi_header)
      message(FATAL_ERROR "skarv_add_plugin(${name}): skarv/abi.h not found in Skarv::abi's include directories (${sdk_includes})")
    endif()
    _skarv_plugin_entry_name(${abi_header} entry)
    find_program(SKARV_NM NAMES ${CMAKE_NM} nm REQUIRED)
    add_custom_command(TARGET ${name} POST_BUILD
      COMMAND ${CMAKE_COMMAND} -DPLUGIN=$<TARGET_FILE:${name}> -DENTRY=${entry} -DNM=${SKARV_NM}
              -P ${_SKARV_PLUGIN_CMAKE_DIR}/SkarvPluginCheck.cmake
      VERBATIM)
  endif()
endfunction()
