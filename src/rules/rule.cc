#include "rules/rule.h"

#include <functional>

#include "rules/catalog.h"

namespace kl::rules {


void RuleContext::report(std::string_view rule, const model::Resource& r,
                         const model::Location& loc, std::string path, MessageArgs args,
                         ReportOptions opts) {
  Finding f;
  f.rule = std::string(rule);
  const RuleInfo* info = Catalog::embedded().find(rule);
  f.severity = opts.severity ? *opts.severity : (info ? info->severity : Severity::Medium);
  f.variant = std::move(opts.variant);
  f.args = std::move(args);
  // A generated resource (SAM, Serverless) is reported under what the user wrote.
  f.resource = r.generated_from.empty() ? r.id : r.generated_from;
  f.resource_type = r.type;
  f.loc = loc.known() ? loc : r.loc;
  f.path = std::move(path);
  f.evidence = std::move(opts.evidence);
  f.fingerprint = fingerprint_of(f.rule, model::file_path(f.loc.file), r.id, f.path);
  std::string key = f.fingerprint + "@" + std::to_string(f.loc.line);
  if (!seen_.insert(std::move(key)).second) return;
  out_.push_back(std::move(f));
}

std::vector<Finding> run_rules(const model::Model& model) {
  std::vector<Finding> out;
  RuleContext ctx(model, out);
  for (const RuleImpl& rule : all_rules()) rule.check(ctx);
  return out;
}

}  // namespace kl::rules
