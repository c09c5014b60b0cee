# Native build: unit tests (doctest via CTest), parser fuzz targets, benchmarks.
file(GLOB TP_TEST_SOURCES CONFIGURE_DEPENDS tests/unit/*.cpp)
add_executable(talkpress_tests ${TP_TEST_SOURCES})
target_link_libraries(talkpress_tests PRIVATE talkpress_core)
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
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
  endforeach()
endif()
