// Every policy fixture in tests/policies/ against its sidecar NAME.answers:
//   public yes|no|unknown
//   cross-account OWNER yes|no|unknown
//   allows ACTION RESOURCE yes|no|unknown
//   error LINE                (the parser reports an error on that line)
// and, for every fixture, the fast path cross-checked against the solver.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "iam/parse.h"
#include "iam/questions.h"

namespace kl::iam {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<fs::path> fixtures() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(fs::path(KL_SOURCE_DIR) / "tests/policies"))
    if (e.path().extension() == ".json") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

struct Loaded {
  std::optional<Policy> policy;
  model::Diagnostics diags;
};

Loaded load(const fs::path& p) {
  Loaded l;
  l.policy = parse_policy_json(read(p), model::intern_file(p.string()), l.diags);
  return l;
}

// Answers, not speed, are tested here (bench/iam measures the time): a budget generous
// enough that a loaded machine does not turn answers into Unknown.
QuestionOptions patient() {
  QuestionOptions o;
  o.timeout_ms = 20000;
  return o;
}

TEST(IamPolicies, EnoughFixtures) { EXPECT_GE(fixtures().size(), 60u); }

TEST(IamPolicies, AnswersMatchSidecars) {
  int checked = 0;
  for (const auto& path : fixtures()) {
    SCOPED_TRACE(path.filename().string());
    fs::path side = path;
    side.replace_extension(".answers");
    ASSERT_TRUE(fs::exists(side)) << "missing sidecar " << side;
    Loaded l = load(path);
    ASSERT_TRUE(l.policy);
    std::istringstream lines(read(side));
    std::string line;
    bool expects_error = false;
    while (std::getline(lines, line)) {
      if (line.empty() || line[0] == '#') continue;
      std::istringstream w(line);
      std::string q, a, b, expected;
      w >> q;
      QuestionResult r;
      if (q == "error") {
        unsigned want = 0;
        w >> want;
        expects_error = true;
        bool found = false;
        for (const auto& d : l.diags) found |= d.level == model::DiagLevel::Error && d.loc.line == want;
        EXPECT_TRUE(found) << "no error on line " << want;
        continue;
      } else if (q == "public") {
        w >> expected;
        r = is_public(*l.policy, patient());
      } else if (q == "cross-account") {
        w >> a >> expected;
        r = is_cross_account(*l.policy, a, patient());
      } else if (q == "allows") {
        w >> a >> b >> expected;
        r = allows(*l.policy, a, b, patient());
      } else {
        ADD_FAILURE() << "unknown question '" << q << "'";
        continue;
      }
      EXPECT_EQ(answer_name(r.answer), expected) << line << (r.reason.empty() ? "" : " — " + r.reason)
                                                 << (r.witness ? " — witness: " + r.witness->text() : "");
      if (r.answer == Answer::Yes) {
        ASSERT_TRUE(r.witness) << line;
        EXPECT_EQ(evaluate(*l.policy, r.witness->request).decision, Decision::Allow) << line;
      }
      ++checked;
    }
    if (!expects_error)
      for (const auto& d : l.diags) EXPECT_NE(d.level, model::DiagLevel::Error) << d.str();
  }
  EXPECT_GE(checked, 120);
}

// Where the fast path decides, the solver must agree, on every fixture and question.
TEST(IamPolicies, FastPathAgreesWithSolver) {
  int decided = 0;
  for (const auto& path : fixtures()) {
    SCOPED_TRACE(path.filename().string());
    Loaded l = load(path);
    ASSERT_TRUE(l.policy);
    QuestionOptions fast = patient(), slow = patient();
    fast.solver = false;
    slow.fast_path = false;
    auto compare = [&](const QuestionResult& f, const QuestionResult& s, const char* what) {
      if (f.answer == Answer::Unknown) return;
      ++decided;
      EXPECT_EQ(answer_name(f.answer), answer_name(s.answer)) << what << (s.reason.empty() ? "" : ": " + s.reason);
    };
    compare(is_public(*l.policy, fast), is_public(*l.policy, slow), "public");
    compare(is_cross_account(*l.policy, "111122223333", fast), is_cross_account(*l.policy, "111122223333", slow),
            "cross-account");
    compare(allows(*l.policy, "s3:GetObject", "arn:aws:s3:::web-assets/a", fast),
            allows(*l.policy, "s3:GetObject", "arn:aws:s3:::web-assets/a", slow), "allows");
  }
  EXPECT_GT(decided, 60);
}

TEST(IamPolicies, WitnessReadsAsASentence) {
  auto l = load(fs::path(KL_SOURCE_DIR) / "tests/policies/s3_aws_star_list.json");
  auto r = is_public(*l.policy, patient());
  ASSERT_TRUE(r.witness);
  EXPECT_EQ(r.witness->text(), "anyone can s3:PutObject on arn:aws:s3:::web-assets/* from any IP");
}

TEST(IamPolicies, SummaryGroupsActionsByClass) {
  auto l = load(fs::path(KL_SOURCE_DIR) / "tests/policies/identity_s3_read.json");
  auto s = summarize(*l.policy, patient());
  ASSERT_EQ(s.entries.size(), 2u);
  EXPECT_EQ(s.complete, Answer::Yes);
  bool saw_list = false, saw_read = false;
  for (const auto& e : s.entries) {
    for (const auto& [cls, acts] : e.actions) {
      saw_list |= cls == ActionClass::List && acts == std::vector<std::string>{"s3:ListBucket"};
      saw_read |= cls == ActionClass::Read && acts == std::vector<std::string>{"s3:GetObject"};
      EXPECT_NE(cls, ActionClass::Write);
    }
  }
  EXPECT_TRUE(saw_list);
  EXPECT_TRUE(saw_read);
  auto admin = load(fs::path(KL_SOURCE_DIR) / "tests/policies/identity_deny_iam.json");
  auto sa = summarize(*admin.policy, patient());
  ASSERT_EQ(sa.entries.size(), 1u);
  const auto& pm = sa.entries[0].actions[ActionClass::PermissionsManagement];
  EXPECT_FALSE(pm.empty());
  for (const auto& a : pm) EXPECT_NE(a.rfind("iam:", 0), 0u) << a;  // denied
}

}  // namespace
}  // namespace kl::iam
