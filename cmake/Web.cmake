# Web build: the app as talkpress.js + talkpress.wasm, assembled with the page shell and assets into
# build/web/dist, a self-contained folder any static file server can host.
set(TP_DIST ${CMAKE_BINARY_DIR}/dist)

# Size: the interface code (Dear ImGui, cmark, app, ui, platform) is compiled for size (-Oz: 9 KB less
# gzipped than -Os); the core stays at -O3 because parsing a transcript ran 3-4x slower at -Os
# (scripts/bench.sh, docs/benchmarks.md). The link is -O3: at -Oz emcc links libc's size variant (memcpy,
# memmove and memset a byte at a time, for the interface's vertex buffers too) and Binaryen optimises for
# size; parse + chunk ran 30-45% slower than at -O3 (-Os and -O2: 15-30% slower) for 22 KB less gzipped.
# -flto was measured and left out: 23 KB less gzipped, but the link-time optimiser re-optimises the core
# for size and parse + chunk ran 2-3x slower.
# The baseline demo and the wasm benchmarks below link with the same flag, so the figures are the app's.
set(TP_WEB_UI_OPT -Oz CACHE STRING "Optimisation flag of the web build's interface code")
set(TP_WEB_LINK_OPT -O3 CACHE STRING "Optimisation flag of the web build's link")
set(TP_WEB_HOT_OPT -O3 CACHE STRING "Optimisation flags of the transcript reader (parse + chunk)")
set(TP_WEB_WARM_OPT -O3 -mllvm -inline-threshold=100 -fno-unroll-loops CACHE STRING
    "Optimisation flags of the offline draft, the checks, the document model and line breaking")
if(CMAKE_BUILD_TYPE STREQUAL "Release")
  target_compile_options(tp_imgui PRIVATE ${TP_WEB_UI_OPT})
  target_compile_options(tp_cmark PRIVATE ${TP_WEB_UI_OPT})
  # The core too, except the code whose speed is a figure in docs/benchmarks.md: at -O3 the JSON,
  # prompt and pipeline code inlined into several hundred KB that runs a few times per generation.
  # The flag goes on each cold file, never on the target: emcc turns any -Os/-Oz on a command line into
  # -fno-inline-functions even when a later -O3 wins the level, so a target-wide -Oz silently stopped the
  # hot files from inlining anything (the offline draft ran 8x slower than native).
  # Parsing and chunking a transcript (TP_WEB_HOT_CORE) is full -O3: the 1 MB figure sits near its 10 ms
  # bar, and -O2, a lower inlining threshold or no loop unrolling made it 1-5% slower for 1-6 KB. The
  # offline draft, the checks, the document model and line breaking (TP_WEB_WARM_CORE) inline only callees
  # under LLVM's threshold 100 (225 at -O3) and unroll no loops: 8 KB less gzipped, the checks as fast or
  # faster, the offline draft within a few percent (far under its bar); -O2 or a threshold of 50 made the
  # offline draft and the checks 20-80% slower.
  set(TP_WEB_HOT_CORE transcript webvtt utf8 text_util)
  set(TP_WEB_WARM_CORE segment offline_draft checks linebreak markdown typography)
  foreach(source ${TP_CORE_SOURCES} ${TP_EMBEDDED_ASSETS_CPP})
    get_filename_component(name ${source} NAME_WE)
    if(name IN_LIST TP_WEB_HOT_CORE)
      set_source_files_properties(${source} PROPERTIES COMPILE_OPTIONS "${TP_WEB_HOT_OPT}")
    elseif(name IN_LIST TP_WEB_WARM_CORE)
      set_source_files_properties(${source} PROPERTIES COMPILE_OPTIONS "${TP_WEB_WARM_OPT}")
    else()
      set_source_files_properties(${source} PROPERTIES COMPILE_OPTIONS ${TP_WEB_UI_OPT})
    endif()
  endforeach()
endif()
# Not in the shipped page: ImGui's metrics and debug windows, its embedded bitmap font (every glyph
# comes from the system's fonts, platform/web/canvas_font_loader.cpp) and its file functions (the page has
# no file system and no .ini file; without them the module imports no fopen/fread/fseek stubs).
target_compile_definitions(tp_imgui PUBLIC IMGUI_DISABLE_DEBUG_TOOLS IMGUI_DISABLE_DEFAULT_FONT
                           IMGUI_DISABLE_FILE_FUNCTIONS)

file(GLOB TP_APP_SOURCES CONFIGURE_DEPENDS src/app/*.cpp src/ui/*.cpp src/platform/web/*.cpp)
file(GLOB TP_JS_LIBRARIES CONFIGURE_DEPENDS src/platform/web/*.js)
add_executable(talkpress ${TP_APP_SOURCES})
target_link_libraries(talkpress PRIVATE talkpress_core tp_imgui)
target_compile_options(talkpress PRIVATE ${TP_WARNINGS})
# No run-time type information: nothing uses typeid or dynamic_cast, and without it the module carries no
# type names (one per polymorphic class and per std::function target, mangled). Web only: UBSan's vptr
# check in the native test build needs it.
foreach(target talkpress_core tp_imgui talkpress)
  target_compile_options(${target} PRIVATE $<$<COMPILE_LANGUAGE:CXX>:-fno-rtti>)
endforeach()
if(CMAKE_BUILD_TYPE STREQUAL "Release")
  target_compile_options(talkpress PRIVATE ${TP_WEB_UI_OPT})
  target_link_options(talkpress PRIVATE ${TP_WEB_LINK_OPT})
endif()
set_target_properties(talkpress PROPERTIES SUFFIX ".js" RUNTIME_OUTPUT_DIRECTORY ${TP_DIST})

# Two modules: talkpress.wasm holds the code the first frames and the start-up paths run (listed by name
# in cmake/wasm_first_frame.txt); talkpress.deferred.wasm the rest (generation, exports, history, the
# checks...), which boot.js fetches and compiles after the first frame. A call into deferred code before
# it is ready loads it on the spot (boot.js, Module.loadSplitModule), so a stale list costs time, never a
# failure. The link keeps function names (the list refers to them) and writes a module instrumented to
# record which functions run (build/web/split/talkpress.instrumented.wasm, used by
# scripts/wasm_first_frame.mjs to renew the list); the split modules carry no names.
option(TP_WEB_SPLIT "Split the web build's wasm into a first-frame module and a deferred one" ON)
set(TP_SPLIT_DIR ${CMAKE_BINARY_DIR}/split)
set(TP_FIRST_FRAME_FUNCS ${CMAKE_SOURCE_DIR}/cmake/wasm_first_frame.txt)
if(TP_WEB_SPLIT)
  file(MAKE_DIRECTORY ${TP_SPLIT_DIR})
  target_link_options(talkpress PRIVATE -sSPLIT_MODULE=1 --profiling-funcs -Wno-experimental)
  set_property(TARGET talkpress APPEND PROPERTY LINK_DEPENDS ${TP_FIRST_FRAME_FUNCS}
               ${CMAKE_SOURCE_DIR}/scripts/split_wasm.mjs)
  add_custom_command(TARGET talkpress POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E rename ${TP_DIST}/talkpress.wasm ${TP_SPLIT_DIR}/talkpress.instrumented.wasm
    COMMAND ${CMAKE_COMMAND} -E rename ${TP_DIST}/talkpress.wasm.orig ${TP_SPLIT_DIR}/talkpress.orig.wasm
    COMMAND node ${CMAKE_SOURCE_DIR}/scripts/split_wasm.mjs ${TP_SPLIT_DIR}/talkpress.orig.wasm
            ${TP_FIRST_FRAME_FUNCS} ${TP_DIST}/talkpress.wasm ${TP_DIST}/talkpress.deferred.wasm
    COMMENT "Splitting talkpress.wasm: first-frame code and deferred code")
else()
  add_custom_command(TARGET talkpress POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E rm -f ${TP_DIST}/talkpress.deferred.wasm)
endif()

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
# index.html is served with boot.js and the stylesheet inlined (scripts/page_inline.mjs).
set(TP_PAGE_INLINE node ${CMAKE_SOURCE_DIR}/scripts/page_inline.mjs ${TP_DIST})
add_custom_command(TARGET talkpress POST_BUILD
  COMMAND ${CMAKE_COMMAND} -E copy_if_different ${TP_WEB_FILES} ${TP_DIST}/
  COMMAND ${TP_PAGE_INLINE}
  COMMAND ${CMAKE_COMMAND} -E copy_directory ${CMAKE_SOURCE_DIR}/assets ${TP_DIST}/assets
  COMMENT "Assembling build/web/dist")
# The page shell again on every build: an edit to web/ alone does not relink the app.
add_custom_target(talkpress_page ALL
  COMMAND ${CMAKE_COMMAND} -E copy_if_different ${TP_WEB_FILES} ${TP_DIST}/
  COMMAND ${TP_PAGE_INLINE})
add_dependencies(talkpress_page talkpress)

# Benchmarks compiled to wasm and run under Node (scripts/bench.sh): the same code as the app. Every
# bench/<name>.cpp becomes <name>_wasm; NODERAWFS lets a benchmark read fixtures from the source tree.
file(GLOB TP_WASM_BENCH_SOURCES CONFIGURE_DEPENDS bench/*.cpp)
foreach(src ${TP_WASM_BENCH_SOURCES})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name}_wasm EXCLUDE_FROM_ALL ${src})
  target_link_libraries(${name}_wasm PRIVATE talkpress_core)
  target_include_directories(${name}_wasm PRIVATE tests)
  target_compile_definitions(${name}_wasm PRIVATE TP_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  set_target_properties(${name}_wasm PROPERTIES SUFFIX ".js")
  target_link_options(${name}_wasm PRIVATE -sENVIRONMENT=node -sNODERAWFS=1 -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=67108864)
  if(CMAKE_BUILD_TYPE STREQUAL "Release")
    target_link_options(${name}_wasm PRIVATE ${TP_WEB_LINK_OPT})   # linked as the app is
  endif()
endforeach()

# ---- Baseline for scripts/bench.sh: Dear ImGui's own GLFW + OpenGL3 example with its demo window,
# built with the same toolchain and the same optimisation and size flags as the app. Only the main-loop
# glue that Debian's imgui source package lacks (examples/libs/emscripten) and a bare page are written
# here, into the build folder; the example's main.cpp and the library are compiled unmodified.
set(TP_BASELINE_DIR ${CMAKE_BINARY_DIR}/baseline)
file(MAKE_DIRECTORY ${TP_BASELINE_DIR}/include/example ${TP_BASELINE_DIR}/dist)
# The example includes "../libs/emscripten/emscripten_mainloop_stub.h": the loop body becomes a lambda
# called by emscripten_set_main_loop; do { } while (0) gives its `continue` a loop to leave.
file(WRITE ${TP_BASELINE_DIR}/include/libs/emscripten/emscripten_mainloop_stub.h
"#pragma once\n#include <emscripten.h>\n#include <functional>\n"
"static std::function<void()> tp_baseline_frame;\n"
"static void tp_baseline_frame_call() { tp_baseline_frame(); }\n"
"#define EMSCRIPTEN_MAINLOOP_BEGIN tp_baseline_frame = [&]() { do\n"
"#define EMSCRIPTEN_MAINLOOP_END while (0); }; emscripten_set_main_loop(tp_baseline_frame_call, 0, true)\n")
file(WRITE ${TP_BASELINE_DIR}/dist/index.html
"<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Dear ImGui demo (baseline)</title>\n"
"<style>html,body{margin:0;height:100%;overflow:hidden;background:#000}canvas{display:block;width:100%;height:100%}</style>\n"
"</head><body><canvas id=\"canvas\" tabindex=\"-1\"></canvas>\n"
"<script>var Module = { canvas: document.getElementById('canvas') };</script>\n"
"<script src=\"imgui_demo.js\" async></script></body></html>\n")
set(TP_IMGUI_DIR ${TP_THIRD_PARTY}/imgui)
add_executable(imgui_demo_baseline EXCLUDE_FROM_ALL
  ${TP_IMGUI_DIR}/examples/example_glfw_opengl3/main.cpp
  ${TP_IMGUI_DIR}/imgui.cpp ${TP_IMGUI_DIR}/imgui_demo.cpp ${TP_IMGUI_DIR}/imgui_draw.cpp
  ${TP_IMGUI_DIR}/imgui_tables.cpp ${TP_IMGUI_DIR}/imgui_widgets.cpp
  ${TP_IMGUI_DIR}/backends/imgui_impl_glfw.cpp ${TP_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
target_include_directories(imgui_demo_baseline PRIVATE ${TP_BASELINE_DIR}/include/example ${TP_IMGUI_DIR}
                           ${TP_IMGUI_DIR}/backends)
target_compile_definitions(imgui_demo_baseline PRIVATE IMGUI_IMPL_OPENGL_ES3 IMGUI_DISABLE_FILE_FUNCTIONS)
target_compile_options(imgui_demo_baseline PRIVATE -fno-rtti)
if(CMAKE_BUILD_TYPE STREQUAL "Release")
  target_compile_options(imgui_demo_baseline PRIVATE ${TP_WEB_UI_OPT})
  target_link_options(imgui_demo_baseline PRIVATE ${TP_WEB_LINK_OPT})
endif()
set_target_properties(imgui_demo_baseline PROPERTIES OUTPUT_NAME imgui_demo SUFFIX ".js"
                      RUNTIME_OUTPUT_DIRECTORY ${TP_BASELINE_DIR}/dist)
target_link_options(imgui_demo_baseline PRIVATE -sUSE_GLFW=3 -sUSE_WEBGL2=1 -sMIN_WEBGL_VERSION=2
  -sMAX_WEBGL_VERSION=2 -sALLOW_MEMORY_GROWTH=1 -sENVIRONMENT=web -sDISABLE_EXCEPTION_CATCHING=1 -sFILESYSTEM=0)
