// Every detector's own examples, data-driven over all detector files: each positive string
// is found by that detector (the secret being its group), each negative string is not.
// Also: every detector compiles into the Vectorscan database and into RE2.
#include <gtest/gtest.h>
#include <algorithm>
#include <re2/re2.h>

#include "secrets/detector.h"
#include "secrets/engine.h"

namespace kl::secrets {
namespace {

class DetectorExamples : public ::testing::TestWithParam<size_t> {};

const Detector& detector(size_t i) { return embedded_detectors()[i]; }

std::string shown(const std::vector<Match>& ms) {
  std::string out;
  for (const auto& m : ms) out += " " + m.detector->id + "=" + redact(m.secret);
  return out.empty() ? " (none)" : out;
}

TEST_P(DetectorExamples, PositivesAreFoundNegativesAreNot) {
  const Detector& d = detector(GetParam());
  for (const std::string& text : d.positive) {
    auto ms = Engine::shared().scan(text);
    bool found = false;
    for (const auto& m : ms) found = found || m.detector == &d;
    EXPECT_TRUE(found) << d.id << " misses its positive example #"
                       << (&text - d.positive.data()) << "; found:" << shown(ms);
  }
  for (const std::string& text : d.negative) {
    auto ms = Engine::shared().scan(text);
    for (const auto& m : ms)
      EXPECT_NE(m.detector, &d) << d.id << " fires on its negative example #"
                                << (&text - d.negative.data());
  }
}

std::string detector_name(const ::testing::TestParamInfo<size_t>& info) {
  std::string name = detector(info.param).id;
  for (char& c : name)
    if (c == '-') c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(All, DetectorExamples,
                         ::testing::Range<size_t>(0, embedded_detectors().size()), detector_name);

// A detector with a confirm_pattern is found only where Vectorscan reports an end of its
// (looser) pattern: on every example, each match of the confirm pattern must end where a
// match of the pattern ends.
TEST(Detectors, PatternsFilterNothingTheirConfirmPatternsFind) {
  RE2::Options o;
  o.set_encoding(RE2::Options::EncodingLatin1);
  o.set_max_mem(64 << 20);
  int checked = 0;
  for (const Detector& d : embedded_detectors()) {
    if (d.confirm_pattern.empty()) continue;
    RE2 filter("(?:" + d.pattern + ")\\z", o), exact(d.confirm_pattern, o);
    ASSERT_TRUE(filter.ok() && exact.ok()) << d.id;
    std::vector<std::string> texts = d.positive;
    texts.insert(texts.end(), d.negative.begin(), d.negative.end());
    for (const std::string& t : texts) {
      re2::StringPiece g[10];
      const int n = d.secret_group + 1;
      size_t at = 0;
      while (at <= t.size() && exact.Match(t, at, t.size(), RE2::UNANCHORED, g, n)) {
        size_t b = static_cast<size_t>(g[0].data() - t.data()), e = b + g[0].size();
        at = std::max(e, b + 1);
        const re2::StringPiece secret = g[n - 1];
        if (d.require_digit && std::none_of(secret.begin(), secret.end(), [](char c) { return c >= '0' && c <= '9'; }))
          continue;  // the check after the match refuses it
        EXPECT_TRUE(filter.Match(t, 0, e, RE2::UNANCHORED, nullptr, 0))
            << d.id << ": the pattern has no match ending where the confirm pattern's does, in: " << t;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 0);
}

TEST(Detectors, AllCompileExactly) {
  EXPECT_TRUE(Engine::shared().errors().empty()) << Engine::shared().errors().front();
}

// The engine scans a detector's pattern only around its keywords (stage 2) unless it is
// always-on: a detector without a selective keyword must say so, and one that has them
// must not pay for scanning every byte.
TEST(Detectors, EachIsAnchoredOrExplicitlyAlwaysOn) {
  for (const Detector& d : embedded_detectors()) {
    EXPECT_FALSE(d.keywords.empty()) << d.id << ": no keywords";
    if (d.always_on) {
      bool all = !d.keywords.empty();
      for (const auto& k : d.keywords) all = all && is_anchor_keyword(k);
      EXPECT_FALSE(all) << d.id << ": 'always_on' but every keyword is a usable anchor";
    } else {
      EXPECT_TRUE(is_anchored(d)) << d.id << ": a keyword is too short to anchor it; "
                                  << "choose longer keywords or set 'always_on: true'";
    }
  }
}

TEST(Detectors, ParseRejectsBadDetectors) {
  std::vector<std::string> errors;
  parse_detectors({{"x.yaml", "detectors:\n  - id: Bad_Id\n    pattern: 'a'\n"},
                   {"y.yaml", "detectors:\n  - id: ok\n    name: n\n    description: d\n"
                              "    severity: extreme\n    pattern: 'a'\n"},
                   {"z.yaml", "nothing: here\n"},
                   {"w.yaml", "detectors:\n  - id: g\n    name: n\n    description: d\n"
                              "    severity: low\n    pattern: '(a)'\n    secret_group: -1\n"
                              "    examples: {positive: [a]}\n"}},
                  errors);
  ASSERT_EQ(errors.size(), 5u);
  EXPECT_NE(errors[4].find("secret_group"), std::string::npos) << errors[4];
  EXPECT_NE(errors[0].find("'id'"), std::string::npos) << errors[0];
  EXPECT_NE(errors[1].find("severity"), std::string::npos) << errors[1];
  EXPECT_NE(errors[2].find("positive"), std::string::npos) << errors[2];
  EXPECT_NE(errors[3].find("'detectors' list"), std::string::npos) << errors[3];
}

}  // namespace
}  // namespace kl::secrets
