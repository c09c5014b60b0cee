# Native build: unit tests (doctest via CTest), the app and its UI on Dear ImGui's null backend, parser
# fuzz targets, benchmarks.

# Dear ImGui without a renderer or platform backend; a failed IM_ASSERT is reported to the test.
add_library(tp_imgui_native STATIC
  ${TP_IMGUI_DIR}/imgui.cpp ${TP_IMGUI_DIR}/imgui_draw.cpp ${TP_IMGUI_DIR}/imgui_tables.cpp ${TP_IMGUI_DIR}/imgui_widgets.cpp)
target_include_directories(tp_imgui_native SYSTEM PUBLIC ${TP_IMGUI_DIR})
target_compile_definitions(tp_imgui_native PUBLIC IMGUI_USE_WCHAR32 IMGUI_DISABLE_DEMO_WINDOWS IMGUI_DISABLE_OBSOLETE_FUNCTIONS
                           IMGUI_USER_CONFIG="${CMAKE_SOURCE_DIR}/tests/support/imgui_assert_hook.h")

# The app (everything but the page's entry point) and its UI over the native platform seams.
file(GLOB TP_APP_NATIVE_SOURCES CONFIGURE_DEPENDS src/app/*.cpp src/ui/*.cpp src/platform/native/*.cpp)
list(FILTER TP_APP_NATIVE_SOURCES EXCLUDE REGEX "src/app/main\\.cpp$")
add_library(talkpress_app_native STATIC ${TP_APP_NATIVE_SOURCES})
target_link_libraries(talkpress_app_native PUBLIC talkpress_core tp_imgui_native)
target_include_directories(talkpress_app_native PUBLIC tests)
target_compile_options(talkpress_app_native PRIVATE ${TP_WARNINGS})

file(GLOB TP_TEST_SOURCES CONFIGURE_DEPENDS tests/unit/*.cpp)
add_executable(talkpress_tests ${TP_TEST_SOURCES})
target_link_libraries(talkpress_tests PRIVATE talkpress_core talkpress_app_native)
target_include_directories(talkpress_tests PRIVATE tests)
# The test harness alone uses exceptions: doctest's REQUIRE stops a test case by throwing. The code under
# test is still compiled without them.
target_compile_options(talkpress_tests PRIVATE ${TP_WARNINGS} -fexceptions)
target_compile_definitions(talkpress_tests PRIVATE TP_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
add_test(NAME unit COMMAND talkpress_tests --force-colors=0)

file(GLOB TP_BENCH_SOURCES CONFIGURE_DEPENDS bench/*.cpp)
foreach(src ${TP_BENCH_SOURCES})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_link_libraries(${name} PRIVATE talkpress_core)
  target_include_directories(${name} PRIVATE tests)
  target_compile_options(${name} PRIVATE ${TP_WARNINGS})
  target_compile_definitions(${name} PRIVATE TP_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
endforeach()

# libFuzzer targets: tests/fuzz/fuzz_<parser>.cpp. Built only with clang and TALKPRESS_FUZZ=ON.
if(TALKPRESS_FUZZ)
  file(GLOB TP_FUZZ_SOURCES CONFIGURE_DEPENDS tests/fuzz/fuzz_*.cpp)
  foreach(src ${TP_FUZZ_SOURCES})
    get_filename_component(name ${src} NAME_WE)
    add_executable(${name} ${src})
    target_link_libraries(${name} PRIVATE talkpress_core)
    target_include_directories(${name} PRIVATE tests)
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  endforeach()
  # scripts/test.sh also builds the unit tests here, to run them built by Clang (the web build's
  # compiler) over the core the fuzz targets share. They only need to run, not to be explored: their own
  # code compiles unoptimised, with line tables and without coverage (40% of the compile time at -O2 -g).
  foreach(target talkpress_tests talkpress_app_native tp_imgui_native)
    target_compile_options(${target} PRIVATE -O0 -gline-tables-only -fno-sanitize=fuzzer-no-link)
  endforeach()
endif()
