#include "rules/rule.h"

#include <functional>

#include "rules/catalog.h"

namespace kl::rules {

namespace {

std::string hex64(uint64_t v) {
  static const char* kDigits = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kDigits[v & 0xf];
    v >>= 4;
  }
  return out;
}

/// FNV-1a: stable across runs and platforms (std::hash is not).
uint64_t fnv1a(std::string_view s, uint64_t h = 1469598103934665603ULL) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

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
  const std::string& file = model::file_path(f.loc.file);
  // The fingerprint names the place, not the line, so baselines survive edits around it.
  // FNV-1a is a stream: hashing the separator, then the text, equals hashing both joined.
  uint64_t h = fnv1a(f.rule);
  h = fnv1a(file, fnv1a("\x1f", h));
  h = fnv1a(r.id, fnv1a("\x1f", h));
  h = fnv1a(f.path, fnv1a("\x1f", h));
  f.fingerprint = hex64(h);
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
