# Generates a C++ source holding every file under assets/presets, assets/providers, assets/samples and
# assets/language as a raw string literal (see src/core/embedded_assets.h). Re-run automatically when an asset changes.
function(tp_embed_assets out_var)
  file(GLOB_RECURSE files CONFIGURE_DEPENDS RELATIVE ${CMAKE_SOURCE_DIR}/assets
       ${CMAKE_SOURCE_DIR}/assets/presets/*.json ${CMAKE_SOURCE_DIR}/assets/providers/*.json
       ${CMAKE_SOURCE_DIR}/assets/samples/* ${CMAKE_SOURCE_DIR}/assets/language/*.txt)
  list(SORT files)
  set(src "// Generated from assets/ by cmake/EmbedAssets.cmake. Do not edit.\n#include \"core/embedded_assets.h\"\n\nnamespace tp {\nnamespace {\n")
  set(table "")
  set(i 0)
  foreach(f ${files})
    file(READ ${CMAKE_SOURCE_DIR}/assets/${f} content)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/assets/${f})
    string(FIND "${content}" ")TPASSET\"" clash)
    if(NOT clash EQUAL -1)
      message(FATAL_ERROR "assets/${f} contains the raw-string delimiter )TPASSET\"")
    endif()
    string(APPEND src "const char kAsset${i}[] = R\"TPASSET(${content})TPASSET\";\n")
    string(APPEND table "      {\"${f}\", std::string_view(kAsset${i}, sizeof(kAsset${i}) - 1)},\n")
    math(EXPR i "${i} + 1")
  endforeach()
  string(APPEND src "}  // namespace\n\nconst std::vector<EmbeddedAsset>& EmbeddedAssets() {\n  static const std::vector<EmbeddedAsset> assets = {\n${table}  };\n  return assets;\n}\n\n")
  string(APPEND src "std::string_view FindEmbeddedAsset(std::string_view path) {\n  for (const EmbeddedAsset& a : EmbeddedAssets())\n    if (a.path == path) return a.data;\n  return {};\n}\n\n}  // namespace tp\n")
  set(out ${CMAKE_BINARY_DIR}/generated/embedded_assets.cpp)
  file(WRITE ${out}.tmp "${src}")
  configure_file(${out}.tmp ${out} COPYONLY)   # touches the output only when the content changed
  set(${out_var} ${out} PARENT_SCOPE)
endfunction()
