#include "secrets/findings.h"

#include <re2/re2.h>

#include <filesystem>
#include <memory>
#include <mutex>

#include "config/glob.h"
#include "secrets/engine.h"

namespace kl::secrets {
namespace {

std::string relative_to(const std::string& file, const std::string& dir) {
  namespace fs = std::filesystem;
  if (dir.empty()) return file;
  std::error_code ec;
  fs::path abs = fs::absolute(file, ec).lexically_normal();
  if (ec) return "";
  std::string rel = abs.lexically_relative(dir).generic_string();
  if (rel.empty() || rel.rfind("..", 0) == 0) return "";
  return rel;
}

/// The allow regexes, compiled once per list.
const std::vector<std::unique_ptr<RE2>>& compiled(const std::vector<std::string>& patterns) {
  static std::mutex mu;
  static std::vector<std::string> key;
  static std::vector<std::unique_ptr<RE2>> res;
  std::lock_guard<std::mutex> lock(mu);
  if (key != patterns) {
    res.clear();
    RE2::Options o;
    o.set_log_errors(false);
    for (const auto& p : patterns) res.push_back(std::make_unique<RE2>(p, o));
    key = patterns;
  }
  return res;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == ':')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '*' ||
                        s.back() == '/' || s.back() == '>' || s.back() == '-'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

bool path_allowed(const std::string& path, const Allow& allow) {
  if (allow.lists.allow_paths.empty()) return false;
  std::string rel = relative_to(path, allow.base_dir);
  if (rel.empty()) return false;
  for (const auto& g : allow.lists.allow_paths)
    if (config::glob_match_path(g, rel)) return true;
  return false;
}

void find_secrets(const std::string& path, std::string_view text, const Allow& allow,
                  std::vector<rules::Finding>& out) {
  std::vector<Match> matches = Engine::shared().scan(text);
  if (matches.empty()) return;
  if (path_allowed(path, allow)) return;
  const auto* regexes = allow.lists.allow_regexes.empty() ? nullptr : &compiled(allow.lists.allow_regexes);
  model::FileId file = model::intern_file(path);
  // Matches are sorted by position: lines are counted once, forwards.
  size_t pos = 0, line = 1, line_start = 0;
  for (const Match& m : matches) {
    for (; pos < m.begin; ++pos)
      if (text[pos] == '\n') {
        ++line;
        line_start = pos + 1;
      }
    if (regexes) {
      bool allowed = false;
      for (const auto& re : *regexes)
        if (re->ok() && RE2::PartialMatch(re2::StringPiece(m.secret.data(), m.secret.size()), *re)) allowed = true;
      if (allowed) continue;
    }
    const Detector& d = *m.detector;
    rules::Finding f;
    f.rule = d.rule_id();
    f.severity = d.severity;
    f.loc = {file, static_cast<unsigned>(line), static_cast<unsigned>(m.begin - line_start + 1)};
    f.evidence = redact(m.secret);
    f.args = {{"what", d.name}, {"secret", f.evidence}};
    if (d.decode == "aws-key-id") {
      std::string account = aws_account_of_key_id(m.secret);
      if (!account.empty()) {
        f.variant = "account";
        f.args.emplace_back("account", account);
        f.evidence += ", AWS account " + account;
      }
    }
    f.fingerprint = rules::secret_fingerprint(f.rule, m.secret);
    // `kumolens:allow` on the secret's line: a reviewed value (a test key, a public id).
    size_t eol = text.find('\n', m.end);
    std::string_view whole_line = text.substr(line_start, (eol == std::string_view::npos ? text.size() : eol) - line_start);
    if (size_t at = whole_line.find("kumolens:allow"); at != std::string_view::npos) {
      f.suppressed = rules::Suppression{"kumolens:allow", std::string(trim(whole_line.substr(at + 14))),
                                        {file, static_cast<unsigned>(line), static_cast<unsigned>(at + 1)}};
    }
    out.push_back(std::move(f));
  }
}

}  // namespace kl::secrets
