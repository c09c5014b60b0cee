# Dear ImGui and cmark compiled as our own static targets from third_party/ (fetched by scripts/deps.sh).

# ---- Dear ImGui: must be 1.92 or newer (dynamic fonts, ImFontLoader, RendererHasTextures) ----
file(STRINGS ${TP_THIRD_PARTY}/imgui/imgui.h TP_IMGUI_VERSION_LINE REGEX "^#define IMGUI_VERSION_NUM ")
string(REGEX MATCH "[0-9]+" TP_IMGUI_VERSION_NUM "${TP_IMGUI_VERSION_LINE}")
if(TP_IMGUI_VERSION_NUM LESS 19200)
  message(FATAL_ERROR "Dear ImGui ${TP_IMGUI_VERSION_NUM} in third_party/imgui is older than 1.92 (19200). "
                      "Delete third_party/imgui and run scripts/deps.sh.")
endif()
message(STATUS "Dear ImGui ${TP_IMGUI_VERSION_NUM}")

set(TP_IMGUI_DIR ${TP_THIRD_PARTY}/imgui)
add_library(tp_imgui STATIC
  ${TP_IMGUI_DIR}/imgui.cpp ${TP_IMGUI_DIR}/imgui_draw.cpp ${TP_IMGUI_DIR}/imgui_tables.cpp
  ${TP_IMGUI_DIR}/imgui_widgets.cpp ${TP_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
target_include_directories(tp_imgui SYSTEM PUBLIC ${TP_IMGUI_DIR} ${TP_IMGUI_DIR}/backends)
# 32-bit ImWchar: emoji and other astral-plane characters; no demo window in the shipped app.
target_compile_definitions(tp_imgui PUBLIC IMGUI_USE_WCHAR32 IMGUI_DISABLE_DEMO_WINDOWS IMGUI_DISABLE_OBSOLETE_FUNCTIONS)
if(NOT EMSCRIPTEN)
  set_target_properties(tp_imgui PROPERTIES EXCLUDE_FROM_ALL ON)
endif()

# ---- cmark (CommonMark reference parser) ----
set(TP_CMARK_DIR ${TP_THIRD_PARTY}/cmark/src)
file(STRINGS ${TP_THIRD_PARTY}/cmark/CMakeLists.txt TP_CMARK_PROJECT REGEX "project\\(cmark VERSION")
string(REGEX MATCH "([0-9]+)\\.([0-9]+)\\.([0-9]+)" _ "${TP_CMARK_PROJECT}")
set(PROJECT_VERSION_MAJOR ${CMAKE_MATCH_1})
set(PROJECT_VERSION_MINOR ${CMAKE_MATCH_2})
set(PROJECT_VERSION_PATCH ${CMAKE_MATCH_3})
set(TP_CMARK_GEN ${CMAKE_BINARY_DIR}/cmark_generated)
set(HAVE_STDBOOL_H 1)
set(HAVE___BUILTIN_EXPECT 1)
set(HAVE___ATTRIBUTE__ 1)
configure_file(${TP_CMARK_DIR}/config.h.in ${TP_CMARK_GEN}/config.h)
configure_file(${TP_CMARK_DIR}/cmark_version.h.in ${TP_CMARK_GEN}/cmark_version.h)
file(WRITE ${TP_CMARK_GEN}/cmark_export.h.tmp
  "#ifndef CMARK_EXPORT_H\n#define CMARK_EXPORT_H\n#define CMARK_EXPORT\n#define CMARK_NO_EXPORT\n#endif\n")
configure_file(${TP_CMARK_GEN}/cmark_export.h.tmp ${TP_CMARK_GEN}/cmark_export.h COPYONLY)
# Restore our own project version after borrowing the variables for cmark's templates.
set(PROJECT_VERSION_MAJOR ${TalkPress_VERSION_MAJOR})
set(PROJECT_VERSION_MINOR ${TalkPress_VERSION_MINOR})
set(PROJECT_VERSION_PATCH ${TalkPress_VERSION_PATCH})

add_library(tp_cmark STATIC
  ${TP_CMARK_DIR}/cmark.c ${TP_CMARK_DIR}/node.c ${TP_CMARK_DIR}/iterator.c ${TP_CMARK_DIR}/blocks.c
  ${TP_CMARK_DIR}/inlines.c ${TP_CMARK_DIR}/scanners.c ${TP_CMARK_DIR}/utf8.c ${TP_CMARK_DIR}/buffer.c
  ${TP_CMARK_DIR}/references.c ${TP_CMARK_DIR}/render.c ${TP_CMARK_DIR}/html.c ${TP_CMARK_DIR}/xml.c
  ${TP_CMARK_DIR}/commonmark.c ${TP_CMARK_DIR}/latex.c ${TP_CMARK_DIR}/man.c ${TP_CMARK_DIR}/cmark_ctype.c
  ${TP_CMARK_DIR}/houdini_href_e.c ${TP_CMARK_DIR}/houdini_html_e.c ${TP_CMARK_DIR}/houdini_html_u.c)
target_include_directories(tp_cmark SYSTEM PUBLIC ${TP_CMARK_DIR} ${TP_CMARK_GEN})
target_compile_definitions(tp_cmark PUBLIC CMARK_STATIC_DEFINE)
# Two of cmark's tables in a compact form (src/cmark/, tables written by scripts/gen_cmark_tables.mjs):
# the Unicode case fold of reference-link labels (utf8.c's 1,530-case switch, ~24 KB of wasm) and the HTML
# entity decoder (houdini_html_u.c's table, ~40 KB of wasm data). cmark's own definitions are compiled
# under other names, so the linker drops them from the app; natively they stay linked and the unit tests
# (tests/unit/cmark_tables_test.cpp) compare the two on every code point and every entity.
target_sources(tp_cmark PRIVATE ${CMAKE_SOURCE_DIR}/src/cmark/case_fold.c ${CMAKE_SOURCE_DIR}/src/cmark/html_entities.c
  ${CMAKE_SOURCE_DIR}/src/cmark/autolink_email.c ${CMAKE_SOURCE_DIR}/src/cmark/html_block_scanners.c)
set_source_files_properties(${TP_CMARK_DIR}/utf8.c PROPERTIES
  COMPILE_DEFINITIONS cmark_utf8proc_case_fold=cmark_utf8proc_case_fold_switch)
# The same for three of its re2c scanners, ~22 KB of wasm: the e-mail autolink (src/cmark/autolink_email.c)
# and the start of an HTML block and the end of a <script>/<pre>/<style>/<textarea> one
# (src/cmark/html_block_scanners.c).
set_source_files_properties(${TP_CMARK_DIR}/scanners.c PROPERTIES COMPILE_DEFINITIONS
  "_scan_autolink_email=cmark_scan_autolink_email_re2c;_scan_html_block_start=cmark_scan_html_block_start_re2c;_scan_html_block_end_1=cmark_scan_html_block_end_1_re2c")
set_source_files_properties(${TP_CMARK_DIR}/houdini_html_u.c PROPERTIES COMPILE_DEFINITIONS
  "houdini_unescape_ent=cmark_houdini_unescape_ent_table;houdini_unescape_html=cmark_houdini_unescape_html_table;houdini_unescape_html_f=cmark_houdini_unescape_html_f_table")
