#include "iam/actions.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "iam/action_differences.h"
#include "iam/match.h"

namespace kl::iam {

namespace detail {
extern const char* const kBotocoreVersion;
extern const std::string_view kBotocoreOperations[];
extern const unsigned kBotocoreOperationChunks;
}  // namespace detail

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

const char* action_class_name(ActionClass c) {
  switch (c) {
    case ActionClass::List: return "list";
    case ActionClass::Read: return "read";
    case ActionClass::Write: return "write";
    case ActionClass::PermissionsManagement: return "permissions-management";
  }
  return "write";
}

namespace {

bool starts(std::string_view s, std::string_view p) { return s.size() >= p.size() && s.compare(0, p.size(), p) == 0; }

std::vector<std::string_view> words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

ActionClass classify(std::string_view action) {
  // The overrides by action, looked up once each: the catalogue classifies every one of
  // its ~12,000 actions at start-up.
  static const std::unordered_map<std::string_view, std::string_view> overrides = [] {
    std::unordered_map<std::string_view, std::string_view> m;
    for (const auto& o : detail::class_overrides()) m.emplace(o.action, o.cls);
    return m;
  }();
  if (auto it = overrides.find(ascii_lower(action)); it != overrides.end()) {
    std::string_view c = it->second;
    if (c == "list") return ActionClass::List;
    if (c == "read") return ActionClass::Read;
    if (c == "permissions-management") return ActionClass::PermissionsManagement;
    return ActionClass::Write;
  }
  size_t colon = action.find(':');
  std::string_view op = colon == std::string_view::npos ? action : action.substr(colon + 1);
  std::string lop = ascii_lower(op);
  // Writers of who-may-do-what: resource policies, ACLs, grants, permissions.
  static constexpr std::string_view kWriters[] = {"put", "create", "delete", "attach", "detach", "add", "remove",
                                   "set", "update", "revoke", "retire", "replace", "upload"};
  static constexpr std::string_view kPermissionNouns[] = {"policy", "policies", "permission", "acl", "grant"};
  for (std::string_view w : kWriters) {
    if (!starts(lop, w)) continue;
    for (std::string_view n : kPermissionNouns)
      if (lop.find(n) != std::string::npos) return ActionClass::PermissionsManagement;
  }
  if (starts(lop, "list")) return ActionClass::List;
  static constexpr std::string_view kReaders[] = {"get", "describe", "head", "batchget", "query", "scan",
                                   "select", "search", "lookup", "download", "view", "check",
                                   "receive", "filter", "preview", "estimate", "read", "export",
                                   "verify", "test", "validate", "simulate"};
  for (std::string_view r : kReaders)
    if (starts(lop, r)) return ActionClass::Read;
  return ActionClass::Write;
}

ActionCatalog::ActionCatalog(std::string_view lines, bool apply_differences) {
  // prefix → (key → display name)
  std::map<std::string, std::map<std::string, std::string>> ops;
  size_t pos = 0;
  while (pos < lines.size()) {
    size_t nl = lines.find('\n', pos);
    if (nl == std::string_view::npos) nl = lines.size();
    auto w = words(lines.substr(pos, nl - pos));
    pos = nl + 1;
    if (w.empty()) continue;
    std::string prefix = ascii_lower(w[0]);
    auto& m = ops[prefix];
    for (size_t i = 1; i < w.size(); ++i) m[ascii_lower(w[i])] = std::string(w[i]);
  }
  if (apply_differences) {
    for (const auto& d : detail::action_differences()) {
      auto& m = ops[d.prefix];
      std::string_view op = d.operation;
      if (op == "*") m.clear();
      else if (!op.empty()) m.erase(ascii_lower(op));
      for (std::string_view a : words(d.actions)) m[ascii_lower(a)] = std::string(a);
    }
  }
  // Sorted by full key ("s3-object-lambda:" sorts before "s3:"), so one prefix's actions
  // are still contiguous: index them by prefix. Taking the prefixes in the order of
  // "prefix:" and each prefix's keys in map order gives that order without sorting.
  std::vector<std::pair<std::string, const std::map<std::string, std::string>*>> by_prefix;
  for (const auto& [prefix, m] : ops) by_prefix.push_back({prefix + ":", &m});
  std::sort(by_prefix.begin(), by_prefix.end());
  for (const auto& [head, m] : by_prefix) {
    for (const auto& [key, name] : *m) {
      ActionInfo info;
      info.name = head + name;
      info.key = head + key;
      info.cls = classify(info.name);
      actions_.push_back(std::move(info));
    }
  }
  for (uint32_t i = 0; i < actions_.size();) {
    std::string prefix = actions_[i].key.substr(0, actions_[i].key.find(':'));
    uint32_t j = i;
    while (j < actions_.size() && actions_[j].key.compare(0, prefix.size() + 1, prefix + ":") == 0) ++j;
    prefixes_.push_back({prefix, {i, j}});
    i = j;
  }
  std::sort(prefixes_.begin(), prefixes_.end());
}

const ActionCatalog& ActionCatalog::builtin() {
  static const ActionCatalog catalog = [] {
    std::string all;
    for (unsigned i = 0; i < detail::kBotocoreOperationChunks; ++i) all += detail::kBotocoreOperations[i];
    return ActionCatalog(all);
  }();
  return catalog;
}

const char* ActionCatalog::source_version() { return detail::kBotocoreVersion; }

bool ActionCatalog::knows_prefix(std::string_view prefix) const {
  std::string p = ascii_lower(prefix);
  auto it = std::lower_bound(prefixes_.begin(), prefixes_.end(), p,
                             [](const auto& e, const std::string& k) { return e.first < k; });
  return it != prefixes_.end() && it->first == p;
}

const ActionInfo* ActionCatalog::find(std::string_view action) const {
  std::string key = ascii_lower(action);
  auto it = std::lower_bound(actions_.begin(), actions_.end(), key,
                             [](const ActionInfo& a, const std::string& k) { return a.key < k; });
  return it != actions_.end() && it->key == key ? &*it : nullptr;
}

std::vector<uint32_t> ActionCatalog::expand(std::string_view pattern) const {
  std::vector<uint32_t> out;
  std::string p = ascii_lower(pattern);
  size_t colon = p.find(':');
  auto add_range = [&](uint32_t b, uint32_t e, std::string_view pat) {
    for (uint32_t i = b; i < e; ++i)
      if (wildcard_match(pat, actions_[i].key)) out.push_back(i);
  };
  if (colon == std::string::npos || p.substr(0, colon).find_first_of("*?") != std::string::npos) {
    add_range(0, static_cast<uint32_t>(actions_.size()), p);  // "*" or a wildcard prefix
    return out;
  }
  std::string prefix = p.substr(0, colon);
  auto it = std::lower_bound(prefixes_.begin(), prefixes_.end(), prefix,
                             [](const auto& e, const std::string& k) { return e.first < k; });
  if (it == prefixes_.end() || it->first != prefix) return out;
  if (p.find_first_of("*?") == std::string::npos) {
    if (const ActionInfo* a = find(p)) out.push_back(static_cast<uint32_t>(a - actions_.data()));
    return out;
  }
  add_range(it->second.first, it->second.second, p);
  return out;
}

ActionClass ActionCatalog::class_of(std::string_view action) const {
  if (const ActionInfo* a = find(action)) return a->cls;
  return classify(action);
}

}  // namespace kl::iam
