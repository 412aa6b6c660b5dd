#pragma once
// The code analyzer's entry for the scanner: one source file in, KL-CODE findings out.
#include <string>
#include <vector>

#include "code/handlers.h"
#include "model/diagnostic.h"
#include "rules/finding.h"

namespace kl::code {

/// Files larger than this are noted and skipped: handlers are small, and generated or
/// bundled code (webpack output) is not where a handler's logic is read from.
constexpr size_t kMaxCodeBytes = 2 * 1024 * 1024;

/// Is `path` function code the analyzer reads (.py, .js, .mjs, .cjs, .ts, .tsx...)?
bool is_code_file(const std::string& path);

/// Analyzes one code file. `decls` are the handlers templates declare in it (nullptr: no
/// template names this file; then every handler-shaped function is an entry point and its
/// findings say the function is unknown). Findings are attached to the declaring function
/// resource; a file that does not parse gives a note.
void analyze_code(const std::string& path, const std::string& text, const std::vector<HandlerDecl>* decls,
                  std::vector<rules::Finding>& out, model::Diagnostics& diags);

}  // namespace kl::code
