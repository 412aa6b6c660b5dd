# Writes OUT: a C++ file defining the IAM data files (INPUTS, src/iam/data/*.json) as
# kl::iam::detail::kIamDataFiles {file name, text}, so the binary carries the managed
# policies and SAM policy templates it reasons with (src/iam/managed_policies.h,
# src/iam/sam_policy_templates.h). Same idea as cmake/embed_catalog.cmake.
set(body "// Generated from src/iam/data/*.json by cmake/embed_iam_data.cmake. Do not edit.\n")
string(APPEND body "#include <string_view>\n#include <utility>\n#include <vector>\n")
string(APPEND body "namespace kl::iam::detail {\n")
string(APPEND body "extern const std::vector<std::pair<std::string_view, std::string_view>> kIamDataFiles;\n")
string(APPEND body "const std::vector<std::pair<std::string_view, std::string_view>> kIamDataFiles = {\n")
foreach(f IN LISTS INPUTS)
  file(READ ${f} content)
  string(FIND "${content}" ")kliamdata\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${f} contains the raw-string delimiter )kliamdata\"")
  endif()
  get_filename_component(name ${f} NAME)
  string(APPEND body "  {\"${name}\", R\"kliamdata(${content})kliamdata\"},\n")
endforeach()
string(APPEND body "};\n}  // namespace kl::iam::detail\n")
file(WRITE ${OUT}.tmp "${body}")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
