#pragma once
// How a rule is written: a function that reads the Model and reports through a RuleContext.
// Metadata (severity, texts) comes from the catalog entry with the same id.
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "model/model.h"
#include "rules/finding.h"

namespace kl::rules {

struct ReportOptions {
  std::optional<Severity> severity;  ///< overrides the catalog default (context raised it)
  std::string variant;               ///< message variant in the catalog
  std::string evidence;              ///< already redacted
};

class RuleContext {
 public:
  RuleContext(const model::Model& model, std::vector<Finding>& out) : model_(model), out_(out) {}

  const model::Model& model() const { return model_; }

  /// Reports `rule` on resource `r` at `loc` (use the offending value's location; the
  /// resource's own when the problem is an absent property). `path` names the place in
  /// the resource for the fingerprint. A finding identical to one already reported (same
  /// rule, resource, path and line: e.g. both branches of an Fn::If written on one line)
  /// is dropped.
  void report(std::string_view rule, const model::Resource& r, const model::Location& loc,
              std::string path, MessageArgs args = {}, ReportOptions opts = {});

  /// Analysis several rules share for this model (e.g. its roles' parsed policies): the
  /// one an earlier stage left in model().derived under `key`, else built by `make()` for
  /// the first rule that asks and kept while the context lives.
  template <class T, class Make>
  const T& shared(const std::string& key, Make make) {
    if (auto it = model_.derived.find(key); it != model_.derived.end() && it->second)
      return *static_cast<const T*>(it->second.get());
    std::shared_ptr<void>& slot = shared_[key];
    if (!slot) slot = std::make_shared<T>(make());
    return *static_cast<const T*>(slot.get());
  }

 private:
  const model::Model& model_;
  std::vector<Finding>& out_;
  std::set<std::string> seen_;  // fingerprint + line of what was reported
  std::map<std::string, std::shared_ptr<void>> shared_;
};

using RuleFn = void (*)(RuleContext&);

struct RuleImpl {
  std::string_view id;
  RuleFn check;
};

/// Every implemented rule (rules/registry.cc lists each service's rules).
const std::vector<RuleImpl>& all_rules();

/// Runs every rule over `model`.
std::vector<Finding> run_rules(const model::Model& model);

}  // namespace kl::rules
