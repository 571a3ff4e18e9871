# Run at install time (install(CODE), cmake/SkarvPackaging.cmake): the example
# configuration and the systemd unit name the installed paths, which are known only now
# (cmake --install --prefix, or CPack's /usr). In: SKARV_SOURCE_DIR, SKARV_BINARY_DIR,
# SKARV_PLUGINDIR, SKARV_BINDIR (relative to the prefix).
#
# The configuration goes to /etc/skarv for the /usr prefix (what GNUInstallDirs does,
# decided here because CPack installs with /usr while the build was configured for
# /usr/local), otherwise to <prefix>/etc/skarv.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(etc_dir "/etc/skarv")
else()
  set(etc_dir "${CMAKE_INSTALL_PREFIX}/etc/skarv")
endif()
# A folder of this install's own: two installs of one build may run at once.
string(RANDOM LENGTH 12 run)
set(staging ${SKARV_BINARY_DIR}/install-config-files/${run})
file(MAKE_DIRECTORY ${staging})

file(READ ${SKARV_SOURCE_DIR}/examples/skarv.json config)
string(REGEX REPLACE "\"plugin_dirs\": *\\[[^]]*\\]" "\"plugin_dirs\": [\"${CMAKE_INSTALL_PREFIX}/${SKARV_PLUGINDIR}\"]" config "${config}")
string(REGEX REPLACE "\"state_db\": *\"[^\"]*\"" "\"state_db\": \"/var/lib/skarv/skarv.db\"" config "${config}")
string(REPLACE "Paths are relative to this file." "Installed copy: plugins from ${CMAKE_INSTALL_PREFIX}/${SKARV_PLUGINDIR}, state in /var/lib/skarv." config "${config}")
file(WRITE ${staging}/skarv.json "${config}")

file(READ ${SKARV_SOURCE_DIR}/examples/skarv.service unit)
string(REPLACE "/usr/bin/skarv " "${CMAKE_INSTALL_PREFIX}/${SKARV_BINDIR}/skarv " unit "${unit}")
string(REPLACE "/etc/skarv/" "${etc_dir}/" unit "${unit}")
file(WRITE ${staging}/skarv.service "${unit}")

# file(INSTALL) adds DESTDIR itself, and lists the files in install_manifest.txt.
file(INSTALL DESTINATION ${etc_dir} TYPE FILE PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
     FILES ${staging}/skarv.json)
file(INSTALL DESTINATION ${CMAKE_INSTALL_PREFIX}/lib/systemd/system TYPE FILE FILES ${staging}/skarv.service)
file(REMOVE_RECURSE ${staging})
