// The scan pipeline over directories: what a user gets from `kumolens scan DIR`.
#include "scan/scanner.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace kl::scan {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("kl-scan-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(reinterpret_cast<uintptr_t>(this)));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  void write(const std::string& rel, const std::string& text) const {
    fs::create_directories((path / rel).parent_path());
    std::ofstream(path / rel) << text;
  }
};

// Regression: a Serverless project's `resources/*.yml` is both included by serverless.yml
// and, on its own, a CloudFormation fragment the walk loads. Its findings come once.
TEST(Scan, IncludedResourceFilesAreReportedOnce) {
  TempDir d;
  d.write("serverless.yml",
          "service: shop\n"
          "provider:\n"
          "  name: aws\n"
          "  runtime: python3.12\n"
          "resources: ${file(./resources/buckets.yml)}\n");
  d.write("resources/buckets.yml",
          "Resources:\n"
          "  Assets:\n"
          "    Type: AWS::S3::Bucket\n"
          "    Properties:\n"
          "      AccessControl: PublicRead\n");
  ScanOptions opts;
  opts.paths = {d.path.string()};
  opts.jobs = 1;
  ScanResult r = scan(opts);
  int acl = 0;
  for (const auto& f : r.findings)
    if (f.rule == "KL-S3-003") {
      ++acl;
      EXPECT_EQ(f.loc.line, 5u);
      EXPECT_NE(model::file_path(f.loc.file).find("resources/buckets.yml"), std::string::npos);
    }
  EXPECT_EQ(acl, 1);
  EXPECT_EQ(r.models_loaded, 2u);
}

TEST(Scan, SkipsDependencyAndBuildFolders) {
  TempDir d;
  const std::string url =
      "Resources:\n  U:\n    Type: AWS::Lambda::Url\n    Properties: {AuthType: NONE}\n";
  d.write("template.yaml", url);
  d.write("node_modules/pkg/template.yaml", url);
  d.write(".aws-sam/build/template.yaml", url);
  d.write("cdk.out/x.template.json", "{\"Resources\": {\"U\": {\"Type\": \"AWS::Lambda::Url\", "
                                     "\"Properties\": {\"AuthType\": \"NONE\"}}}}");
  d.write("ignored/template.yaml", url);
  d.write(".gitignore", "ignored/\n");
  ScanOptions opts;
  opts.paths = {d.path.string()};
  ScanResult r = scan(opts);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(fs::path(model::file_path(r.findings[0].loc.file)).filename(), "template.yaml");
  EXPECT_EQ(fs::path(model::file_path(r.findings[0].loc.file)).parent_path(), d.path);
  opts.honour_gitignore = false;
  EXPECT_EQ(scan(opts).findings.size(), 2u);
}

TEST(Scan, ParallelAndSerialScansAgree) {
  TempDir d;
  for (int i = 0; i < 20; ++i)
    d.write("t" + std::to_string(i) + ".yaml",
            "Resources:\n  U" + std::to_string(i) +
                ":\n    Type: AWS::Lambda::Url\n    Properties: {AuthType: NONE}\n");
  ScanOptions opts;
  opts.paths = {d.path.string()};
  opts.jobs = 1;
  ScanResult serial = scan(opts);
  opts.jobs = 4;
  ScanResult parallel = scan(opts);
  ASSERT_EQ(serial.findings.size(), 20u);
  ASSERT_EQ(parallel.findings.size(), serial.findings.size());
  for (size_t i = 0; i < serial.findings.size(); ++i)
    EXPECT_EQ(serial.findings[i].fingerprint, parallel.findings[i].fingerprint);
}

}  // namespace
}  // namespace kl::scan
