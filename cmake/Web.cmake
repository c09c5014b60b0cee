# Web build: the app as talkpress.js + talkpress.wasm, assembled with the page shell and assets into
# build/web/dist, a self-contained folder any static file server can host.
set(TP_DIST ${CMAKE_BINARY_DIR}/dist)

file(GLOB TP_APP_SOURCES CONFIGURE_DEPENDS src/app/*.cpp src/ui/*.cpp src/platform/web/*.cpp)
file(GLOB TP_JS_LIBRARIES CONFIGURE_DEPENDS src/platform/web/*.js)
add_executable(talkpress ${TP_APP_SOURCES})
target_link_libraries(talkpress PRIVATE talkpress_core tp_imgui)
target_compile_options(talkpress PRIVATE ${TP_WARNINGS})
set_target_properties(talkpress PROPERTIES SUFFIX ".js" RUNTIME_OUTPUT_DIRECTORY ${TP_DIST})

set(TP_WEB_LINK
  -sUSE_WEBGL2=1 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
  -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=33554432 -sTOTAL_STACK=1048576
  -sENVIRONMENT=web -sDISABLE_EXCEPTION_CATCHING=1 -sFILESYSTEM=0
  -sEXPORTED_FUNCTIONS=_main,_malloc,_free
  -sEXPORTED_RUNTIME_METHODS=UTF8ToString,stringToUTF8,lengthBytesUTF8
  "SHELL:--post-js ${CMAKE_SOURCE_DIR}/src/app/automation_api.js")
foreach(lib ${TP_JS_LIBRARIES})
  list(APPEND TP_WEB_LINK "SHELL:--js-library ${lib}")   # SHELL: keeps CMake from de-duplicating the flag
endforeach()
target_link_options(talkpress PRIVATE ${TP_WEB_LINK})
set_property(TARGET talkpress APPEND PROPERTY LINK_DEPENDS
  ${CMAKE_SOURCE_DIR}/src/app/automation_api.js ${TP_JS_LIBRARIES})

# Page shell and assets next to the binaries.
file(GLOB TP_WEB_FILES CONFIGURE_DEPENDS web/*)
file(GLOB_RECURSE TP_ASSET_FILES CONFIGURE_DEPENDS assets/*)
add_custom_command(TARGET talkpress POST_BUILD
  COMMAND ${CMAKE_COMMAND} -E copy_if_different ${TP_WEB_FILES} ${TP_DIST}/
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${CMAKE_SOURCE_DIR}/assets ${TP_DIST}/assets
  COMMENT "Assembling build/web/dist")

# Benchmarks compiled to wasm and run under Node (scripts/bench.sh): the same code as the app.
add_executable(bench_transcript_wasm EXCLUDE_FROM_ALL bench/bench_transcript.cpp)
target_link_libraries(bench_transcript_wasm PRIVATE talkpress_core)
target_include_directories(bench_transcript_wasm PRIVATE tests)
target_compile_definitions(bench_transcript_wasm PRIVATE TP_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
set_target_properties(bench_transcript_wasm PROPERTIES SUFFIX ".js")
target_link_options(bench_transcript_wasm PRIVATE -sENVIRONMENT=node -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=67108864)
