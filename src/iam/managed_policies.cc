#include "iam/managed_policies.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "iam/embedded_data.h"

namespace kl::iam {
namespace {

constexpr std::string_view kFile = "managed_policies.json";

bool iless(const std::string& a, const std::string& b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) < std::tolower(static_cast<unsigned char>(y));
  });
}

std::vector<ManagedPolicy> load() {
  std::vector<ManagedPolicy> out;
  const model::Value* list = detail::embedded_json(kFile).get("policies");
  if (!list || !list->is_list()) {
    std::fprintf(stderr, "kumolens: embedded %s has no 'policies' list\n", kFile.data());
    std::abort();
  }
  for (const model::Value& entry : list->items()) {
    ManagedPolicy p;
    p.name = model::text_or_empty(entry.get("name"));
    p.arn = model::text_or_empty(entry.get("arn"));
    p.version = model::text_or_empty(entry.get("version"));
    p.date = model::text_or_empty(entry.get("date"));
    p.description = model::text_or_empty(entry.get("description"));
    p.summarized = model::text_or_empty(entry.get("summarized"));
    if (const model::Value* doc = entry.get("document")) p.document = *doc;
    out.push_back(std::move(p));
  }
  std::sort(out.begin(), out.end(), [](const ManagedPolicy& a, const ManagedPolicy& b) { return iless(a.name, b.name); });
  return out;
}

// "arn:<partition>:iam::aws:policy/<path/name>" -> "<path/name>"; "" for anything else.
std::string_view aws_managed_path(std::string_view arn) {
  if (arn.rfind("arn:", 0) != 0) return {};
  size_t partition_end = arn.find(':', 4);
  if (partition_end == std::string_view::npos) return {};
  std::string_view rest = arn.substr(partition_end + 1);
  constexpr std::string_view kPrefix = "iam::aws:policy/";
  if (rest.rfind(kPrefix, 0) != 0) return {};
  return rest.substr(kPrefix.size());
}

}  // namespace

const std::vector<ManagedPolicy>& managed_policies() {
  static const std::vector<ManagedPolicy> policies = load();
  return policies;
}

const ManagedPolicy* find_managed_policy(std::string_view name_or_arn) {
  const auto& all = managed_policies();
  auto by_name = [&](std::string_view name) -> const ManagedPolicy* {
    for (const ManagedPolicy& p : all)
      if (p.name == name) return &p;
    return nullptr;
  };
  if (name_or_arn.rfind("arn:", 0) != 0) return by_name(name_or_arn);
  std::string_view path = aws_managed_path(name_or_arn);
  if (path.empty()) return nullptr;
  for (const ManagedPolicy& p : all)
    if (aws_managed_path(p.arn) == path) return &p;
  // SAM turns a name into arn:...:policy/<name> without the policy's path (service-role/).
  if (path.find('/') == std::string_view::npos) return by_name(path);
  return nullptr;
}

std::string managed_policies_source() { return model::text_or_empty(detail::embedded_json(kFile).get("source")); }
std::string managed_policies_retrieved() { return model::text_or_empty(detail::embedded_json(kFile).get("retrieved")); }

}  // namespace kl::iam
