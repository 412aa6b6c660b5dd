#pragma once
// Which code runs as which function: each Lambda function's Handler and code location
// (SAM CodeUri, CloudFormation Code given as a local path, Serverless `handler` beside
// serverless.yml) resolved to a module path and a function name.
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/model.h"

namespace kl::code {

/// A handler a template declares.
struct HandlerDecl {
  std::string resource;       ///< the function's logical id as the user wrote it
  std::string resource_type;  ///< "AWS::Lambda::Function" (or the type the user wrote)
  std::string module;         ///< absolute, normalized path of the module without extension
  std::string function;       ///< the exported function's name
  std::string handler;        ///< the Handler as written ("app.lambda_handler")
};

/// The handlers of one Model (`template_path` locates CodeUri and Serverless handlers).
std::vector<HandlerDecl> handlers_of(const model::Model& m);

/// Splits a Handler into module and function: "src/index.handler" -> {"src/index",
/// "handler"}; Python's "pkg.mod.fn" -> {"pkg/mod", "fn"} when `python`.
std::pair<std::string, std::string> split_handler(const std::string& handler, bool python);

/// The absolute, normalized path of a code file without its extension (the index key).
std::string module_key(const std::string& path);

/// Handlers by module path; filled while templates load (thread-safe), read afterwards.
class HandlerIndex {
 public:
  void add(std::vector<HandlerDecl> decls);
  /// The handlers declared for the code file at `path` (nullptr when none).
  const std::vector<HandlerDecl>* find(const std::string& path) const;
  bool empty() const { return by_module_.empty(); }

 private:
  std::mutex mu_;
  std::unordered_map<std::string, std::vector<HandlerDecl>> by_module_;
};

}  // namespace kl::code
