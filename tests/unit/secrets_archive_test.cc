// Packages read for the secrets pass: zips built here at run time (never committed), nested
// zips, a zip bomb, entries named ../../x, symbolic links and encrypted entries.
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "scan/scanner.h"
#include "secrets/archive.h"

namespace kl::secrets {
namespace {

namespace fs = std::filesystem;

struct Entry {
  std::string name;
  std::string data;
  bool symlink = false;
};

/// A zip of `entries`; `passphrase` encrypts every entry (traditional PKWARE encryption).
std::string make_zip(const std::vector<Entry>& entries, const std::string& passphrase = "") {
  std::vector<char> buf(64 << 20);
  size_t used = 0;
  archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  if (!passphrase.empty()) {
    EXPECT_EQ(archive_write_set_options(a, "zip:encryption=zipcrypt"), ARCHIVE_OK) << archive_error_string(a);
    archive_write_set_passphrase(a, passphrase.c_str());
  }
  EXPECT_EQ(archive_write_open_memory(a, buf.data(), buf.size(), &used), ARCHIVE_OK);
  for (const Entry& e : entries) {
    archive_entry* ae = archive_entry_new();
    archive_entry_set_pathname(ae, e.name.c_str());
    if (e.symlink) {
      archive_entry_set_filetype(ae, AE_IFLNK);
      archive_entry_set_symlink(ae, e.data.c_str());
      archive_entry_set_size(ae, 0);
    } else {
      archive_entry_set_filetype(ae, AE_IFREG);
      archive_entry_set_size(ae, static_cast<la_int64_t>(e.data.size()));
    }
    archive_entry_set_perm(ae, 0644);
    archive_write_header(a, ae);
    if (!e.symlink) archive_write_data(a, e.data.data(), e.data.size());
    archive_entry_free(ae);
  }
  archive_write_close(a);
  archive_write_free(a);
  return std::string(buf.data(), used);
}

struct Seen {
  std::vector<std::pair<std::string, std::string>> entries;
  model::Diagnostics diags;
  std::string notes() const {
    std::string s;
    for (const auto& d : diags) s += d.str() + "\n";
    return s;
  }
};

Seen read(const std::string& bytes, ArchiveLimits limits = {}) {
  Seen s;
  scan_archive_bytes("package.zip", bytes, limits,
                     [&](const std::string& name, std::string_view text) {
                       s.entries.emplace_back(name, std::string(text));
                     },
                     s.diags);
  return s;
}

TEST(Archive, TextEntriesAreNamedInsideThePackage) {
  Seen s = read(make_zip({{"src/app.py", "print(1)\n"}, {"img.png", std::string("\x89PNG\0\0", 6)}}));
  ASSERT_EQ(s.entries.size(), 1u) << s.notes();
  EXPECT_EQ(s.entries[0].first, "package.zip!/src/app.py");
  EXPECT_EQ(s.entries[0].second, "print(1)\n");
}

TEST(Archive, NestedZipsToDepthThree) {
  std::string z3 = make_zip({{"deepest.txt", "four"}});
  std::string z2 = make_zip({{"deep.txt", "three"}, {"l3.zip", z3}});
  std::string z1 = make_zip({{"mid.txt", "two"}, {"l2.jar", z2}});
  Seen s = read(make_zip({{"top.txt", "one"}, {"l1.zip", z1}}));
  std::vector<std::string> names;
  for (auto& [n, t] : s.entries) names.push_back(n);
  EXPECT_EQ(names, (std::vector<std::string>{"package.zip!/top.txt", "package.zip!/l1.zip!/mid.txt",
                                             "package.zip!/l1.zip!/l2.jar!/deep.txt"}));
  EXPECT_NE(s.notes().find("nested deeper than 3"), std::string::npos) << s.notes();
}

TEST(Archive, ZipBombStops) {
  std::string zeros(64 << 20, '0');
  std::string bomb = make_zip({{"a.txt", zeros}, {"b.txt", zeros}});
  // Declared sizes above the entry limit: skipped before anything is inflated.
  Seen s = read(bomb);
  EXPECT_NE(s.notes().find("'a.txt' is larger than"), std::string::npos) << s.notes();
  EXPECT_TRUE(s.entries.empty());
  // Entries allowed to be large (or lying about their size): the ratio stops it.
  ArchiveLimits roomy;
  roomy.max_entry_bytes = 256 << 20;
  Seen t = read(bomb, roomy);
  EXPECT_NE(t.notes().find("zip bomb"), std::string::npos) << t.notes();
  EXPECT_TRUE(t.entries.empty());
}

TEST(Archive, LimitsOnEntriesAndBytes) {
  std::vector<Entry> many;
  for (int i = 0; i < 20; ++i) many.push_back({"f" + std::to_string(i) + ".txt", "x"});
  ArchiveLimits l;
  l.max_entries = 5;
  Seen s = read(make_zip(many), l);
  EXPECT_EQ(s.entries.size(), 5u);
  EXPECT_NE(s.notes().find("more than 5 entries"), std::string::npos) << s.notes();

  ArchiveLimits small;
  small.max_entry_bytes = 10;
  Seen t = read(make_zip({{"big.txt", std::string(100, 'y')}, {"ok.txt", "fine"}}), small);
  ASSERT_EQ(t.entries.size(), 1u);
  EXPECT_EQ(t.entries[0].first, "package.zip!/ok.txt");
  EXPECT_NE(t.notes().find("larger than 10 bytes"), std::string::npos) << t.notes();
}

TEST(Archive, TraversalNamesAndSymlinksAreSkippedWithANote) {
  Seen s = read(make_zip({{"../../x", "AKIA"}, {"/etc/passwd", "root"}, {"a/../../y", "z"},
                          {"link", "/etc/shadow", true}, {"ok.txt", "fine"}}));
  ASSERT_EQ(s.entries.size(), 1u) << s.notes();
  EXPECT_EQ(s.entries[0].first, "package.zip!/ok.txt");
  std::string n = s.notes();
  EXPECT_NE(n.find("'../../x' escapes the archive"), std::string::npos) << n;
  EXPECT_NE(n.find("'/etc/passwd' escapes"), std::string::npos) << n;
  EXPECT_NE(n.find("'a/../../y' escapes"), std::string::npos) << n;
  EXPECT_NE(n.find("'link' is a symbolic link"), std::string::npos) << n;
}

TEST(Archive, EncryptedEntriesAreSkippedWithANote) {
  Seen s = read(make_zip({{"secret.txt", "aws_secret_access_key = x"}}, "hunter2"));
  EXPECT_TRUE(s.entries.empty());
  EXPECT_NE(s.notes().find("encrypted"), std::string::npos) << s.notes();
}

TEST(Archive, GarbageIsAWarningNotACrash) {
  Seen s = read("PK\x03\x04 this is not really a zip");
  EXPECT_TRUE(s.entries.empty());
  for (const auto& d : s.diags) EXPECT_NE(d.level, model::DiagLevel::Error);
}

TEST(Archive, ScanFindsSecretsInsidePackagesWithTheirPlace) {
  fs::path dir = fs::temp_directory_path() / ("kl-archive-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::string inner = make_zip({{"cfg.env", "x=1\nTOKEN=ghp_R7sT2uV9wX4yZ1aB3cD5eF7gH9iJ0kL2mN4o\n"}});
  std::ofstream(dir / "function.zip", std::ios::binary)
      << make_zip({{"src/app.py", "import os\nKEY = 'AKIAZKTQ4HWJ3VXN7RPD'\n"}, {"vendor/lib.jar", inner}});
  scan::ScanOptions opts;
  opts.paths = {dir.string()};
  scan::ScanResult r = scan::scan(opts);
  std::vector<std::string> got;
  for (const auto& f : r.findings)
    got.push_back(fs::path(model::file_path(f.loc.file)).lexically_relative(dir).string() + ":" +
                  std::to_string(f.loc.line) + " " + f.rule);
  EXPECT_EQ(got, (std::vector<std::string>{"function.zip!/src/app.py:2 KL-SECRET-AWS-ACCESS-KEY-ID",
                                           "function.zip!/vendor/lib.jar!/cfg.env:2 KL-SECRET-GITHUB-PAT"}));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kl::secrets
