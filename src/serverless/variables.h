#pragma once
// Serverless Framework variables: `${source:address, fallback}` anywhere in a string.
//
// Resolved statically, so a scan is reproducible:
//   ${self:a.b}            a path into the same file (list indices as numbers); nested
//                          variables in the path or in the target are resolved first
//   ${opt:stage}           LoadOptions values, else the fallback, else Unknown
//   ${env:NAME}            never read from the real environment: the fallback, else Unknown
//   ${param:NAME}          `params.<stage>.NAME`, then `params.default.NAME`, else fallback
//   ${file(./x.yml):a.b}   the file beside the serverless file (YAML, JSON, else its text);
//                          the values keep the included file's own locations
//   ${sls:stage}           opt stage, else provider.stage, else "dev"
//   ${aws:...} ${ssm:...} ${cf:...} ${s3:...} and unknown sources: Unknown with a reason
// A variable that is the whole string yields its value (any kind); variables embedded in a
// longer string are substituted when known, else the string becomes Unknown and its reason
// keeps the `${...}` text. CloudFormation placeholders (`${AWS::Region}`, `${Bucket.Arn}`)
// are not variables and stay as written for Fn::Sub.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "load/parse_limits.h"
#include "model/diagnostic.h"
#include "model/value.h"

namespace kl::serverless {

/// One file read for ${file(...)}.
struct IncludedFile {
  std::string path;  ///< the path to report (lexically normal), used for locations
  std::string key;   ///< identity for caching and cycle detection (canonical path)
  std::string text;
};

/// Reads an included file; on failure returns nullopt and says why in `why`.
/// A seam for tests: the default reads the disk (see disk_include_reader).
using IncludeReader =
    std::function<std::optional<IncludedFile>(const std::string& path, std::string& why)>;

/// Reads real files: resolves symlinks (a loop is an error, not a hang), accepts regular
/// files of at most `max_bytes`, refuses binary files.
IncludeReader disk_include_reader(size_t max_bytes);

struct VariableOptions {
  std::map<std::string, std::string> options;  ///< ${opt:...} values
  std::string base_dir = ".";                  ///< directory of the serverless file
  IncludeReader reader;                        ///< empty = disk_include_reader(1 MiB)
  int max_include_depth = 8;                   ///< ${file()} inside ${file()} ...
  size_t max_resolutions = 20000;              ///< budget against exponential references
  load::ParseLimits parse;
};

/// Resolves the variables of one serverless document. Never throws on bad input: syntax
/// problems become diagnostics (file:line) and the value Unknown.
class VariableResolver {
 public:
  VariableResolver(const model::Value& doc, VariableOptions opts, model::Diagnostics& diags);
  ~VariableResolver();
  VariableResolver(const VariableResolver&) = delete;
  VariableResolver& operator=(const VariableResolver&) = delete;

  /// The whole document with its variables resolved.
  model::Value resolve_document();
  /// Resolves one value of the main document.
  model::Value resolve(const model::Value& v);

  /// The stage: opt stage, else provider.stage (resolved), else "dev"; nullopt when
  /// provider.stage is set to something unknown.
  std::optional<std::string> stage();
  /// The region: opt region, else provider.region, else "us-east-1"; nullopt when unknown.
  std::optional<std::string> region();

 private:
  struct Ctx {
    std::string base_dir;
    int include_depth = 0;
  };
  model::Value resolve_node(const model::Value& v, const Ctx& ctx, int depth);
  model::Value resolve_string(const model::Value& v, const Ctx& ctx, int depth);
  /// The value of one variable's content (between `${` and `}`); nullopt = not set (the
  /// caller tries the fallback).
  std::optional<model::Value> reference(const std::string& ref, model::Location loc,
                                        const Ctx& ctx, int depth, bool has_fallback);
  model::Value variable(const std::string& content, model::Location loc, const Ctx& ctx,
                        int depth);
  std::optional<model::Value> self_path(const model::Value& root, const std::string& address,
                                        model::Location loc, const Ctx& ctx, int depth);
  std::optional<model::Value> include(const std::string& arg, const std::string& address,
                                      model::Location loc, const Ctx& ctx, int depth,
                                      bool has_fallback);
  std::optional<std::string> text_of(const std::string& s, model::Location loc, const Ctx& ctx,
                                     int depth, std::string* why);
  std::optional<std::string> setting(const std::string& option, const std::string& address,
                                     const std::string& fallback);

  const model::Value& doc_;
  VariableOptions opts_;
  model::Diagnostics& diags_;
  Ctx main_;
  size_t resolutions_ = 0;
  bool budget_reported_ = false;
  std::set<const model::Value*> in_progress_;
  std::map<const model::Value*, model::Value> cache_;
  struct Loaded;
  std::map<std::string, std::unique_ptr<Loaded>> files_;
  std::string missing_why_;  // why the last reference() returned nullopt
};

/// Is `text` a serverless variable's content (`source:...`, `file(...)`) rather than a
/// CloudFormation Fn::Sub placeholder (`AWS::Region`, `Bucket.Arn`)?
bool is_variable_content(std::string_view text);

}  // namespace kl::serverless
