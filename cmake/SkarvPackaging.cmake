# What `cmake --install` lays out beyond the targets' own install() rules, and the Debian
# packages CPack makes of it (docs/operating.md, "Install"). Three components, three
# packages:
#   host    -> skarv          skarv, skarv-plugin-runner, the plugins, config, systemd unit
#   sdk     -> skarv-sdk      headers, record schemas, the CMake package (sdk/CMakeLists.txt)
#   sandbox -> skarv-sandbox  skarv-demo, skarv-sandbox, the ADK emulator (sandboxes/)
if(SKARV_BUILD_HOST)
  # The connectors and the built-in transforms; the example and test plugins stay out.
  foreach(plugin jetshop specter visma klarna nets svea rules mapping)
    if(TARGET ${plugin})
      install(TARGETS ${plugin} LIBRARY DESTINATION ${SKARV_INSTALL_PLUGINDIR} COMPONENT host)
    endif()
  endforeach()
  install(CODE "
    set(SKARV_SOURCE_DIR [[${PROJECT_SOURCE_DIR}]])
    set(SKARV_BINARY_DIR [[${PROJECT_BINARY_DIR}]])
    set(SKARV_PLUGINDIR [[${SKARV_INSTALL_PLUGINDIR}]])
    set(SKARV_BINDIR [[${CMAKE_INSTALL_BINDIR}]])
    include([[${PROJECT_SOURCE_DIR}/cmake/SkarvInstallConfigFiles.cmake]])"
    COMPONENT host)
  install(FILES packaging/sysusers.d/skarv.conf DESTINATION lib/sysusers.d COMPONENT host)
  install(FILES LICENSE README.md DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT host)
  # Alert rules on the health metrics (docs/operating.md, "Health and alerts"), for a Prometheus to load.
  install(FILES examples/prometheus-alerts.yml DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples COMPONENT host)
endif()

set(CPACK_PACKAGE_NAME skarv)
set(CPACK_PACKAGE_VENDOR "Skarv")
set(CPACK_PACKAGE_CONTACT "Skarv maintainers <skarv@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Keeps a web shop (Norce Commerce) and an ERP (Specter, Visma) in step")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
# /usr whatever the build was configured with, so the configuration lands in /etc
# (cmake/SkarvInstallConfigFiles.cmake); with DESTDIR staging the install scripts see
# the real prefix, not CPack's staging folder.
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_SET_DESTDIR ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL host sdk sandbox)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
# dpkg-shlibdeps reads the binaries' needs (Poco, Boost, SQLite, OpenSSL, ...) into Depends.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# -g1 debug info stays in the build tree; the packages carry stripped binaries.
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_HOST_PACKAGE_NAME skarv)
set(CPACK_DEBIAN_HOST_PACKAGE_DEPENDS "passwd")
set(CPACK_DEBIAN_HOST_PACKAGE_CONTROL_EXTRA
  ${PROJECT_SOURCE_DIR}/packaging/deb/skarv/postinst
  ${PROJECT_SOURCE_DIR}/packaging/deb/skarv/postrm
  ${PROJECT_SOURCE_DIR}/packaging/deb/skarv/conffiles)
set(CPACK_COMPONENT_HOST_DESCRIPTION "Skarv: the integration service (skarv), its plugin runner and the connector plugins")

set(CPACK_DEBIAN_SDK_PACKAGE_NAME skarv-sdk)
set(CPACK_DEBIAN_SDK_PACKAGE_ARCHITECTURE all)
set(CPACK_DEBIAN_SDK_PACKAGE_DEPENDS "libboost-json1.81-dev | libboost-json-dev (>= 1.81), cmake (>= 3.25)")
set(CPACK_COMPONENT_SDK_DESCRIPTION "Skarv plugin SDK: headers, record schemas, find_package(Skarv) with skarv_add_plugin()")

set(CPACK_DEBIAN_SANDBOX_PACKAGE_NAME skarv-sandbox)
# skarv-demo runs the host's plugins and runner from the skarv package.
set(CPACK_DEBIAN_SANDBOX_PACKAGE_DEPENDS "skarv (= ${PROJECT_VERSION})")
set(CPACK_COMPONENT_SANDBOX_DESCRIPTION "Emulators of Norce, Specter, the Visma ADK and the payment providers; skarv-demo")

include(CPack)
