// docs/json-format.md against the real JSON report: every key the report writes is
// documented, every documented key is written, "always" keys are in every object, and keys
// come in the documented order. Fails when either side changes alone.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "report/report.h"
#include "scan/scanner.h"

namespace kl::report {
namespace {

using nlohmann::ordered_json;

struct DocKey {
  std::string name;
  bool always = false;
};
using DocSections = std::map<std::string, std::vector<DocKey>>;  // object path -> keys

/// Reads "### `path`" headings and the "| `key` | type | present | ... |" rows below them.
DocSections read_doc() {
  std::ifstream in(std::string(KL_SOURCE_DIR) + "/docs/json-format.md");
  DocSections out;
  std::string line, section;
  while (std::getline(in, line)) {
    if (line.rfind("### `", 0) == 0) {
      section = line.substr(5, line.find('`', 5) - 5);
      out[section];
    } else if (!section.empty() && line.rfind("| `", 0) == 0) {
      std::vector<std::string> cells;
      std::stringstream ss(line.substr(1));
      std::string cell;
      while (std::getline(ss, cell, '|')) {
        cell.erase(0, cell.find_first_not_of(' '));
        cell.erase(cell.find_last_not_of(' ') + 1);
        cells.push_back(cell);
      }
      if (cells.size() < 3) continue;
      out[section].push_back({cells[0].substr(1, cells[0].size() - 2), cells[2] == "always"});
    } else if (line.rfind("## ", 0) == 0) {
      section.clear();
    }
  }
  return out;
}

/// Every object of the report, by documented path.
void collect(const ordered_json& obj, const std::string& path, const DocSections& doc,
             std::map<std::string, std::vector<const ordered_json*>>& seen) {
  seen[path].push_back(&obj);
  for (const auto& [key, value] : obj.items()) {
    std::string base = path == "(document)" ? "" : path + ".";
    if (value.is_object() && doc.count(base + key)) collect(value, base + key, doc, seen);
    if (value.is_array() && doc.count(base + key + "[]"))
      for (const auto& item : value)
        if (item.is_object()) collect(item, base + key + "[]", doc, seen);
  }
}

}  // namespace

TEST(JsonFormat, ReportHasExactlyTheDocumentedKeys) {
  DocSections doc = read_doc();
  ASSERT_GE(doc.size(), 7u) << "docs/json-format.md: expected sections like ### `findings[]`";

  // Fixtures that produce plain, suppressed, KL-META-001 and code (trace) findings, plus an unreadable path
  // for diagnostics.
  scan::ScanOptions opts;
  std::string fx = std::string(KL_SOURCE_DIR) + "/tests/fixtures/";
  opts.paths = {fx + "suppressions", fx + "lambda", fx + "code/python", fx + "does-not-exist.yaml"};
  opts.jobs = 1;
  scan::ScanResult r = scan::scan(opts);
  std::ostringstream os;
  ReportOptions ro;
  ro.show_suppressed = true;
  write_json(os, r, ro);
  ordered_json report = ordered_json::parse(os.str());

  std::map<std::string, std::vector<const ordered_json*>> seen;
  collect(report, "(document)", doc, seen);

  for (const auto& [path, keys] : doc) {
    ASSERT_FALSE(seen[path].empty()) << "no '" << path << "' object in the report of the fixtures";
    std::vector<std::string> documented;
    for (const auto& k : keys) documented.push_back(k.name);
    std::set<std::string> written;
    for (const ordered_json* obj : seen[path]) {
      std::vector<std::string> order;
      for (const auto& [key, value] : obj->items()) {
        written.insert(key);
        order.push_back(key);
      }
      for (const auto& k : keys)
        if (k.always)
          EXPECT_TRUE(obj->contains(k.name)) << "'" << path << "' lacks '" << k.name << "', documented as always present";
      // Keys appear in the documented order.
      std::vector<std::string> expected;
      for (const auto& d : documented)
        if (obj->contains(d)) expected.push_back(d);
      if (std::set<std::string>(order.begin(), order.end()).size() == expected.size())
        EXPECT_EQ(order, expected) << "key order of '" << path << "'";
    }
    std::set<std::string> doc_set(documented.begin(), documented.end());
    for (const auto& k : written)
      EXPECT_TRUE(doc_set.count(k)) << "'" << path << "." << k << "' is written but not in docs/json-format.md";
    for (const auto& k : doc_set)
      EXPECT_TRUE(written.count(k)) << "'" << path << "." << k << "' is documented but never written";
  }
  EXPECT_EQ(report["version"], kJsonFormatVersion);
}

}  // namespace kl::report
