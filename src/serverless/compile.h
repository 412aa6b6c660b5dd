#pragma once
// Internal to the Serverless loader: turns the resolved serverless configuration into the
// CloudFormation resources the framework generates. Each compile_*.cc covers one area
// (functions and role, REST API, HTTP API, other events), as the framework's own
// lib/plugins/aws/package/compile/ does. The resources are then loaded through the
// CloudFormation loader together with `resources.Resources`.
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "model/model.h"
#include "model/value.h"

namespace kl::serverless::detail {

/// One resource the framework would put in the stack.
struct Generated {
  std::string id;
  std::string type;
  model::Location loc;  ///< the user's line it comes from
  model::Value properties = model::Value::map();
  std::vector<std::string> depends_on;
  std::string generated_from;  ///< what the user wrote: function name, `provider.iam`, ...
  std::vector<model::Edge> edges;
};

/// One item of a function's `events` list: `- http: {...}`.
struct Event {
  std::string type;            ///< "http", "httpApi", "s3", ...
  const model::Value* value;   ///< what follows `http:` (never null)
  model::Location loc;         ///< the item's line (`- http:`)
};

/// A function as written under `functions`.
struct FunctionDef {
  std::string name;      ///< key as written (`hello`)
  model::Location loc;   ///< the key's line
  const model::Value* def;  ///< its map (never null; an empty map when malformed)
  std::string logical_id;   ///< HelloLambdaFunction
  bool default_role = true; ///< uses IamRoleLambdaExecution
  std::vector<Event> events;
};

class Compiler {
 public:
  Compiler(const model::Value& conf, model::Diagnostics& diags);

  const model::Value& conf;  ///< the configuration with variables resolved
  model::Diagnostics& diags;
  std::string service;
  std::optional<std::string> stage;   ///< nullopt when unknown
  std::optional<std::string> region;
  model::Location provider_loc;       ///< the `provider:` key
  std::vector<FunctionDef> functions;
  std::deque<Generated> out;  // deque: references stay valid while adding
  /// Statements event sources add to the default role (SQS, streams).
  std::vector<model::Value> role_statements;

  /// Adds a resource, or returns the one already generated with that id.
  Generated& add(const std::string& id, const std::string& type, model::Location loc,
                 const std::string& from);
  Generated* find(const std::string& id);

  /// provider.<key> (nullptr when absent or provider is not a map).
  const model::Value* provider(std::string_view key) const;
  /// provider.<a>.<b>
  const model::Value* provider(std::string_view a, std::string_view b) const;
  /// Key line of provider.<key>, else of `provider:`.
  model::Location provider_key_loc(std::string_view key) const;

  /// "<service>-<stage>" with the stage as a placeholder when unknown.
  std::string stack_name() const;
  std::string stage_text() const { return stage.value_or("${sls:stage}"); }

 private:
  std::map<std::string, size_t> index_;
};

// ---- value helpers (long-form intrinsics, resolved later by the CloudFormation loader) ----
model::Value str(std::string s, model::Location loc);
model::Value ref(const std::string& id, model::Location loc);
model::Value get_att(const std::string& id, const std::string& attr, model::Location loc);
model::Value sub(std::string text, model::Location loc);
/// A list of values.
model::Value list_of(std::vector<model::Value> items, model::Location loc);
/// The key line of `map.key`, or `fallback`.
model::Location key_loc(const model::Value* map, std::string_view key, model::Location fallback);
/// Known text of a scalar; nullopt otherwise.
std::optional<std::string> text(const model::Value* v);
/// true / "true" -> true, false / "false" -> false, else nullopt.
std::optional<bool> flag(const model::Value* v);
/// A readable name for an unknown value: its `${...}` or quoted text.
std::string unknown_text(const model::Value& v);
std::string lower(std::string s);
std::string upper(std::string s);

// ---- the compile steps, in the order the loader runs them ----
void collect_functions(Compiler& c);
void compile_functions(Compiler& c);
void compile_rest_api(Compiler& c);
void compile_http_api(Compiler& c);
void compile_other_events(Compiler& c);
/// Last: it gathers the statements the event sources added.
void compile_role(Compiler& c);

}  // namespace kl::serverless::detail
