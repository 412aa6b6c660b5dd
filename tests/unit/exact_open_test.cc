// The resource-policy rules' fallback to the engine's exact question (rules/exact_open.h):
// cases the solver-free check cannot decide, decided by Z3 on the document with the
// bucket's own ARN read for "${Bucket.Arn}/*", and cached per document.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "iam/questions.h"
#include "rules/exact_open.h"
#include "rules/iam_support.h"
#include "sam_test_util.h"

namespace kl::rules {
namespace {

testing::SamResult fixture() {
  auto path = std::filesystem::path(KL_SOURCE_DIR) / "tests/fixtures/s3/bucket_policies_exact.yaml";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return testing::load_sam(text.str(), path.string());
}

const std::vector<std::string> kRead = {"s3:GetObject"};

iam::Answer exact_answer(RuleContext& ctx, const model::Resource& policy_resource, const std::string& bucket,
                         iam::Answer* fast = nullptr) {
  const model::Value* doc = policy_resource.prop("PolicyDocument");
  EXPECT_TRUE(doc);
  auto policy = read_policy(*doc);
  EXPECT_TRUE(policy);
  if (fast) *fast = iam::open_access(*policy, kRead).answer;
  SelfResource self{bucket, "arn:aws:s3:::" + bucket, bucket};
  return open_access_exact(ctx, *doc, *policy, kRead, self).answer;
}

TEST(ExactOpen, ReadsTheBucketsOwnArnForItsResources) {
  model::Value sub = model::Value::unknown("Fn::Sub '${Site}/*'");
  sub.set_ref("Site");
  model::Value arn = model::Value::unknown("attribute 'Site.Arn'");
  arn.set_ref("Site");
  model::Value other = model::Value::unknown("Fn::Sub '${Site}/${Prefix}/*'");
  other.set_ref("Site");
  model::Value doc = model::Value::map();
  model::Value st = model::Value::map();
  model::Value res = model::Value::list();
  res.push(sub);
  res.push(arn);
  res.push(other);
  st.set("Resource", res);
  doc.set("Statement", st);
  model::Value out = with_self_resource(doc, {"Site", "arn:aws:s3:::site", "site"});
  const auto& items = out.get("Statement")->get("Resource")->items();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(items[0].str(), "arn:aws:s3:::site/*");
  EXPECT_EQ(items[1].str(), "arn:aws:s3:::site");
  EXPECT_TRUE(items[2].is_unknown());  // another unknown part: stays Unknown
}

TEST(ExactOpen, TheSolverDecidesWhatTheFastCheckCannot) {
  auto loaded = fixture();
  std::vector<Finding> findings;
  RuleContext ctx(loaded.model, findings);
  struct Want {
    const char* policy;
    const char* bucket;
    iam::Answer answer;
  };
  for (const Want& w : {Want{"ReportsPolicy", "Reports", iam::Answer::Yes}, Want{"LedgerPolicy", "Ledger", iam::Answer::No},
                        Want{"ExportsPolicy", "Exports", iam::Answer::Yes},
                        Want{"ArchivePolicy", "Archive", iam::Answer::No}}) {
    iam::Answer fast;
    iam::Answer exact = exact_answer(ctx, loaded.at(w.policy), w.bucket, &fast);
    EXPECT_EQ(fast, iam::Answer::Unknown) << w.policy << ": the fast check decided it";
    EXPECT_EQ(exact, w.answer) << w.policy;
  }
}

TEST(ExactOpen, KeyPoliciesToo) {
  auto path = std::filesystem::path(KL_SOURCE_DIR) / "tests/fixtures/kms/key_policies_exact.yaml";
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  auto loaded = testing::load_sam(text.str(), path.string());
  std::vector<Finding> findings;
  RuleContext ctx(loaded.model, findings);
  const std::vector<std::string> use = {"kms:Decrypt"};
  for (auto [key, want] : {std::pair{"OrgListKey", iam::Answer::Yes}, std::pair{"OrgAnyKey", iam::Answer::No},
                           std::pair{"FencedKey", iam::Answer::No}}) {
    const model::Value* doc = loaded.at(key).prop("KeyPolicy");
    ASSERT_TRUE(doc) << key;
    auto policy = read_policy(*doc);
    ASSERT_TRUE(policy) << key;
    EXPECT_EQ(iam::open_access(*policy, use).answer, iam::Answer::Unknown) << key << ": the fast check decided it";
    SelfResource self{key, std::string("arn:aws:kms:us-east-1:000000000000:key/") + key, ""};
    EXPECT_EQ(open_access_exact(ctx, *doc, *policy, use, self).answer, want) << key;
  }
}

TEST(ExactOpen, AnswersAreCachedPerDocument) {
  auto loaded = fixture();
  std::vector<Finding> findings;
  RuleContext ctx(loaded.model, findings);
  // The same document asked many times costs one solver question: far more asks than the
  // per-template bound still answer.
  for (unsigned i = 0; i < kMaxSolverQuestions + 5; ++i)
    EXPECT_EQ(exact_answer(ctx, loaded.at("ReportsPolicy"), "Reports"), iam::Answer::Yes) << i;
}

}  // namespace
}  // namespace kl::rules
