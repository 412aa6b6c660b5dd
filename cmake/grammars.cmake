# The tree-sitter grammars of the code analyzer (src/code/): C sources from the npm
# tarballs that scripts/fetch-grammars unpacks into third_party/grammars/ (git-ignored).
# No network here: a missing grammar stops the configure step with the command to run.
enable_language(C)
set(KL_GRAMMARS_DIR ${CMAKE_SOURCE_DIR}/third_party/grammars CACHE PATH
    "Unpacked tree-sitter grammar tarballs (scripts/fetch-grammars)")
set(KL_GRAMMAR_SOURCES
    tree-sitter-python/src/parser.c
    tree-sitter-python/src/scanner.c
    tree-sitter-javascript/src/parser.c
    tree-sitter-javascript/src/scanner.c
    tree-sitter-typescript/typescript/src/parser.c
    tree-sitter-typescript/typescript/src/scanner.c
    tree-sitter-typescript/tsx/src/parser.c
    tree-sitter-typescript/tsx/src/scanner.c)
set(KL_GRAMMAR_FILES)
foreach(src IN LISTS KL_GRAMMAR_SOURCES)
  if(NOT EXISTS ${KL_GRAMMARS_DIR}/${src})
    message(FATAL_ERROR "tree-sitter grammar source '${KL_GRAMMARS_DIR}/${src}' is missing: "
                        "run scripts/install-deps (or scripts/fetch-grammars) first")
  endif()
  list(APPEND KL_GRAMMAR_FILES ${KL_GRAMMARS_DIR}/${src})
endforeach()
add_library(kumolens_grammars STATIC ${KL_GRAMMAR_FILES})
# Generated parsers: big tables, no warnings worth reading. -O1 even in Debug keeps the
# parsers usable in tests while the tables compile quickly.
set_source_files_properties(${KL_GRAMMAR_FILES} PROPERTIES COMPILE_OPTIONS "-w;-O1")
set_target_properties(kumolens_grammars PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
target_link_libraries(kumolens_grammars PUBLIC PkgConfig::TS)
