#pragma once
// Resolves CloudFormation intrinsic functions while loading, so rules see values, not
// functions. What cannot be known statically becomes Unknown (with why); an Fn::If on an
// unknown condition becomes Either (both branches kept).
#include <map>
#include <set>
#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "model/model.h"
#include "model/value.h"

namespace kl::cfn {

/// Three-valued truth for conditions whose inputs may be unknown.
enum class Tri { False, True, Unknown };

/// What the template around a value provides to resolution.
class Resolver {
 public:
  /// `doc` is the whole template (short-form tags already in long form).
  /// `overrides` are parameter values given by the user (--parameters, config).
  Resolver(const model::Value& doc, const std::map<std::string, std::string>& overrides,
           model::Diagnostics& diags);

  /// Resolves every intrinsic in `v`. References to resources found on the way are
  /// appended to `refs` (logical ids) when given.
  model::Value resolve(const model::Value& v, std::vector<std::string>* refs = nullptr);

  /// The truth of a named condition from the `Conditions` section.
  Tri condition(const std::string& name);

  bool is_resource(const std::string& id) const { return resource_ids_.count(id) != 0; }
  const std::map<std::string, model::Parameter>& parameters() const { return parameters_; }
  /// A parameter's resolved value (default or override), or Unknown.
  const model::Value* parameter_value(const std::string& name) const;

 private:
  model::Value resolve_fn(const std::string& fn, const model::Value& arg, model::Location loc,
                          std::vector<std::string>* refs);
  model::Value ref(const model::Value& arg, model::Location loc, std::vector<std::string>* refs);
  model::Value get_att(const model::Value& arg, model::Location loc, std::vector<std::string>* refs);
  model::Value sub(const model::Value& arg, model::Location loc, std::vector<std::string>* refs);
  model::Value join(const model::Value& arg, model::Location loc, std::vector<std::string>* refs);
  model::Value select(const model::Value& arg, model::Location loc, std::vector<std::string>* refs);
  model::Value split(const model::Value& arg, model::Location loc, std::vector<std::string>* refs);
  model::Value find_in_map(const model::Value& arg, model::Location loc,
                           std::vector<std::string>* refs);
  model::Value fn_if(const model::Value& arg, model::Location loc, std::vector<std::string>* refs);
  Tri eval_condition(const model::Value& expr, int depth);
  void bad(model::Location loc, const std::string& msg);

  const model::Value& doc_;
  model::Diagnostics& diags_;
  std::map<std::string, model::Parameter> parameters_;
  std::map<std::string, model::Value> parameter_values_;
  std::set<std::string> resource_ids_;
  /// Logical ids of the AWS::Serverless::* resources: SAM generates resources named after
  /// them (`FnUrl`, `FnRole`, `ApiProdStage`) and accepts `Api.Stage`, `Fn.Alias` and the
  /// like in Ref and GetAtt, which are not in the template's Resources.
  std::vector<std::string> sam_ids_;
  bool sam_generated(const std::string& name) const;
  const model::Value* conditions_ = nullptr;
  const model::Value* mappings_ = nullptr;
  std::map<std::string, Tri> condition_cache_;
  std::set<std::string> conditions_in_progress_;
  int depth_ = 0;
  bool in_mapping_value_ = false;  ///< resolving a value found by Fn::FindInMap
};

/// Is `key` the name of an intrinsic function resolved here ("Ref", "Fn::Sub", ...)?
bool is_intrinsic_key(std::string_view key);

}  // namespace kl::cfn
