# skarv-plugin-runner.exe for 32-bit Windows, included by windows/CMakeLists.txt (the
# MinGW build; docs/visma-on-windows.md): the same runner as CMakeLists.txt builds, with
# the *_windows.cpp twins of the platform files.
set(runner_dir ${CMAKE_CURRENT_LIST_DIR})
add_executable(skarv_plugin_runner_windows
  ${runner_dir}/src/frame.cpp
  ${runner_dir}/src/plugin_library_windows.cpp
  ${runner_dir}/src/runner_main.cpp
  ${runner_dir}/src/protocol_streams_windows.cpp)
target_include_directories(skarv_plugin_runner_windows PRIVATE ${runner_dir}/include ${runner_dir}/src)
target_link_libraries(skarv_plugin_runner_windows PRIVATE skarv_win_sdk)
set_target_properties(skarv_plugin_runner_windows PROPERTIES OUTPUT_NAME skarv-plugin-runner)
