// The fixture harness: runs the real scanner over every file in tests/fixtures and fails on
// any missing and any extra finding. Also tests the expectation parser itself.
#include <gtest/gtest.h>

#include <cstdlib>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>

#include "fixture_harness.h"
#include "scan/scanner.h"

namespace kl::testing {

namespace fs = std::filesystem;

// Rules that depend on the date (deprecated runtimes) must give the same answer every day
// the tests run: every test in this binary sees the same "today".
const int kPinnedToday = setenv("KUMOLENS_TODAY", "2026-11-23", 0);

namespace {

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void add_rules(Expectations& e, unsigned line, const std::string& list) {
  std::stringstream ss(list);
  std::string id;
  while (std::getline(ss, id, ',')) {
    id.erase(0, id.find_first_not_of(" \t"));
    id.erase(id.find_last_not_of(" \t\r") + 1);
    // Allow a trailing explanation after the id: "KL-S3-003 (public-read ACL)".
    id = id.substr(0, id.find(' '));
    if (id.rfind("KL-", 0) != 0) {
      e.errors.push_back("line " + std::to_string(line) + ": bad rule id '" + id + "'");
      continue;
    }
    e.items.emplace_back(line, id);
  }
}

}  // namespace

Expectations parse_expectations(const std::string& text) {
  Expectations e;
  static const std::regex directive(R"((?:#|//)\s*expect(?:@([+-]\d+))?:\s*([A-Z0-9, ()a-z-]+))");
  static const std::regex none(R"((?:#|//)\s*expect-none\b)");
  std::stringstream ss(text);
  std::string line;
  unsigned n = 0;
  while (std::getline(ss, line)) {
    ++n;
    std::smatch m;
    if (std::regex_search(line, m, directive)) {
      int offset = m[1].matched ? std::stoi(m[1].str()) : 0;
      add_rules(e, static_cast<unsigned>(static_cast<int>(n) + offset), m[2].str());
    } else if (std::regex_search(line, none)) {
      e.none = true;
    }
  }
  std::sort(e.items.begin(), e.items.end());
  return e;
}

Expectations parse_sidecar(const std::string& text) {
  Expectations e;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line.rfind("none", 0) == 0) {
      e.none = true;
      continue;
    }
    std::stringstream ls(line);
    unsigned ln;
    std::string rule;
    if (ls >> ln >> rule) e.items.emplace_back(ln, rule);
    else e.errors.push_back("bad sidecar row '" + line + "'");
  }
  std::sort(e.items.begin(), e.items.end());
  return e;
}

TEST(ExpectationParser, ReadsDirectivesOffsetsAndNone) {
  Expectations e = parse_expectations(
      "a: 1  # expect: KL-S3-003\n"
      "# expect@+1: KL-LAM-001, KL-LAM-005\n"
      "b: 2\n");
  ASSERT_TRUE(e.errors.empty());
  std::vector<std::pair<unsigned, std::string>> want = {
      {1, "KL-S3-003"}, {3, "KL-LAM-001"}, {3, "KL-LAM-005"}};
  EXPECT_EQ(e.items, want);
  EXPECT_FALSE(e.none);
  EXPECT_TRUE(parse_expectations("# expect-none\n").none);
}

TEST(ExpectationParser, RejectsMalformedIds) {
  Expectations e = parse_expectations("x: 1 # expect: S3-003\n");
  EXPECT_EQ(e.errors.size(), 1u);
}

// ---- every fixture, one test each -------------------------------------------------------
//
// A fixture is either one file (a template, or source code scanned on its own), or a folder
// named `*.case`: a small project (template + function code + packages) scanned as a whole,
// with the expectations written in whichever of its files the findings point at.

bool is_fixture_file(const fs::path& p) {
  static const std::set<std::string> kExtensions = {
      ".yaml", ".yml", ".json", ".template",           // templates
      ".py", ".js", ".mjs", ".cjs", ".ts", ".tsx"};  // function code scanned on its own
  return kExtensions.count(p.extension().string()) != 0;
}

bool inside_case_or_include(const fs::path& rel) {
  for (const auto& part : rel.parent_path()) {
    std::string s = part.string();
    // Files under an `_include` folder are only read through another fixture (Serverless
    // `${file(...)}`); they are not fixtures themselves.
    if (s == "_include") return true;
    if (s.size() > 5 && s.ends_with(".case")) return true;
  }
  return false;
}

std::vector<std::string> fixture_files() {
  std::vector<std::string> out;
  fs::path root = fs::path(KL_SOURCE_DIR) / "tests" / "fixtures";
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    fs::path rel = fs::relative(entry.path(), root);
    if (inside_case_or_include(rel)) continue;
    if (entry.is_directory() && rel.filename().string().ends_with(".case"))
      out.push_back(rel.string());
    else if (entry.is_regular_file() && is_fixture_file(rel))
      out.push_back(rel.string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// (file relative to the fixture root, line, rule): what a fixture expects or got.
using Hit = std::tuple<std::string, unsigned, std::string>;

struct Wanted {
  std::vector<Hit> hits;
  bool any_directive = false;  ///< some file said `expect:` or `expect-none`
  std::vector<std::string> errors;
};

/// Adds the expectations of one file (its sidecar `NAME.expect` when there is one).
void collect_expectations(const fs::path& file, const std::string& rel, Wanted& w) {
  fs::path sidecar = file;
  sidecar.replace_extension(".expect");
  Expectations e;
  if (fs::exists(sidecar) && sidecar != file) e = parse_sidecar(read_all(sidecar));
  else e = parse_expectations(read_all(file));
  for (auto& err : e.errors) w.errors.push_back(rel + ": " + err);
  if (e.none && !e.items.empty())
    w.errors.push_back(rel + " says `expect-none` and also expects findings");
  if (e.none || !e.items.empty()) w.any_directive = true;
  for (auto& [line, rule] : e.items) w.hits.emplace_back(rel, line, rule);
}

class Fixture : public ::testing::TestWithParam<std::string> {};

TEST_P(Fixture, FindsExactlyWhatItExpects) {
  fs::path root = fs::path(KL_SOURCE_DIR) / "tests" / "fixtures";
  fs::path target = root / GetParam();
  const bool is_case = fs::is_directory(target);

  Wanted want;
  if (is_case) {
    for (const auto& entry : fs::recursive_directory_iterator(target))
      if (entry.is_regular_file() && entry.path().extension() != ".expect")
        collect_expectations(entry.path(), fs::relative(entry.path(), root).string(), want);
  } else {
    collect_expectations(target, GetParam(), want);
  }
  ASSERT_TRUE(want.errors.empty()) << want.errors.front();
  ASSERT_TRUE(want.any_directive)
      << GetParam() << " has no `expect:` and no `expect-none` directive";

  scan::ScanOptions opts;
  opts.paths = {target.string()};
  opts.jobs = 1;
  scan::ScanResult r = scan::scan(opts);
  // Expectations name (file, line, rule): several resources may rightly be reported on
  // one line (functions inheriting `Runtime` from Globals). The same finding twice on one
  // resource and place is a bug, though.
  std::vector<Hit> got;
  std::set<std::string> seen;
  for (const auto& f : r.findings) {
    if (f.suppressed) continue;
    std::string file = model::file_path(f.loc.file);
    std::string rel = file.empty() ? "?" : fs::path(file).lexically_relative(root).string();
    got.emplace_back(rel, f.loc.line, f.rule);
    std::string key = rel + ":" + std::to_string(f.loc.line) + " " + f.rule + " " + f.resource +
                      " " + f.path;
    EXPECT_TRUE(seen.insert(key).second) << GetParam() << ": reported twice: " << key;
  }
  std::sort(got.begin(), got.end());
  got.erase(std::unique(got.begin(), got.end()), got.end());
  std::sort(want.hits.begin(), want.hits.end());
  want.hits.erase(std::unique(want.hits.begin(), want.hits.end()), want.hits.end());

  std::string diags;
  for (const auto& d : r.diagnostics)
    if (d.level == model::DiagLevel::Error) diags += d.str() + "\n";

  std::vector<Hit> missing, extra;
  std::set_difference(want.hits.begin(), want.hits.end(), got.begin(), got.end(),
                      std::back_inserter(missing));
  std::set_difference(got.begin(), got.end(), want.hits.begin(), want.hits.end(),
                      std::back_inserter(extra));
  auto row = [&](const Hit& h) {
    const auto& [file, line, id] = h;
    return (is_case ? file + ":" : std::string("line ")) + std::to_string(line) + " " + id;
  };
  std::string report;
  for (auto& h : missing) report += "  missing: " + row(h) + "\n";
  for (auto& h : extra) report += "  extra:   " + row(h) + "\n";
  EXPECT_TRUE(missing.empty() && extra.empty()) << GetParam() << "\n" << report << diags;
}

std::string fixture_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(All, Fixture, ::testing::ValuesIn(fixture_files()), fixture_name);

}  // namespace kl::testing
