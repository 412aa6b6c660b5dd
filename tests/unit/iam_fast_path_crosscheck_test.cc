// The rules' solver-free reading of resource policies (iam/resource_access.h) against the
// engine's exact answer (iam/questions.h, Z3) on every bucket, key and trust policy of the
// fixtures: wherever both decide, they must agree.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "iam/questions.h"
#include "iam/resource_access.h"
#include "rules/iam_support.h"
#include "sam_test_util.h"

namespace kl::iam {
namespace {

struct Case {
  std::string where;
  Policy policy;
  std::vector<std::string> actions;
};

std::vector<Case> fixture_policies() {
  std::vector<Case> out;
  for (const char* dir : {"s3", "kms", "iam", "cognito", "lambda"}) {
    std::filesystem::path root = std::filesystem::path(KL_SOURCE_DIR) / "tests/fixtures" / dir;
    for (const auto& entry : std::filesystem::directory_iterator(root)) {
      if (entry.path().extension() != ".yaml") continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      auto loaded = testing::load_sam(text.str(), entry.path().string());
      for (const auto& r : loaded.model.resources) {
        const char* prop = nullptr;
        std::vector<std::string> actions;
        if (r->type == "AWS::S3::BucketPolicy") {
          prop = "PolicyDocument";
          actions = {"s3:GetObject", "s3:ListBucket", "s3:PutObject", "s3:DeleteObject"};
        } else if (r->type == "AWS::KMS::Key") {
          prop = "KeyPolicy";
          actions = {"kms:Decrypt", "kms:Encrypt", "kms:PutKeyPolicy"};
        } else if (r->type == "AWS::IAM::Role") {
          prop = "AssumeRolePolicyDocument";
          actions = {"sts:AssumeRole"};
        }
        const model::Value* doc = prop ? r->prop(prop) : nullptr;
        if (!doc) continue;
        for (const model::Value& v : rules::document_variants(*doc)) {
          if (auto p = rules::read_policy(v))
            out.push_back({entry.path().filename().string() + ":" + r->id, std::move(*p), actions});
        }
      }
    }
  }
  return out;
}

TEST(FastPathCrossCheck, AgreesWithTheSolverWhereBothDecide) {
  auto cases = fixture_policies();
  ASSERT_GE(cases.size(), 25u);
  size_t both_decided = 0;
  for (const Case& c : cases) {
    OpenAnswer fast = open_access(c.policy, c.actions);
    QuestionOptions opts;
    opts.actions = c.actions;
    opts.timeout_ms = 2000;
    QuestionResult exact = is_public(c.policy, opts);
    if (fast.answer == Answer::Unknown || exact.answer == Answer::Unknown) {
      if (std::getenv("KL_SHOW_UNDECIDED"))
        std::printf("undecided %s: fast %s (%s), engine %s (%s)\n", c.where.c_str(), answer_name(fast.answer),
                    fast.why_unknown.c_str(), answer_name(exact.answer), exact.reason.c_str());
      continue;
    }
    ++both_decided;
    EXPECT_EQ(answer_name(fast.answer), std::string(answer_name(exact.answer)))
        << c.where << " (engine: " << exact.reason << ")";
  }
  EXPECT_GE(both_decided, 30u);
  std::printf("fast path and solver both decided %zu of %zu fixture policies\n", both_decided, cases.size());
}

}  // namespace
}  // namespace kl::iam
