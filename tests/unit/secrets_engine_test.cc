// The secrets engine: matching through the Vectorscan database and the RE2 window, keyword
// prefilter, entropy, allow-lists, overlaps, the cache, AWS account decoding, redaction.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "secrets/detector.h"
#include "secrets/engine.h"
#include "secrets/findings.h"

namespace kl::secrets {
namespace {

namespace fs = std::filesystem;

std::vector<Detector> parse(std::string_view yaml) {
  std::vector<std::string> errors;
  auto d = parse_detectors({{"t.yaml", yaml}}, errors);
  EXPECT_TRUE(errors.empty()) << errors.front();
  return d;
}

constexpr std::string_view kTwo = R"(detectors:
  - id: generic-token
    name: generic token
    description: d
    severity: medium
    pattern: '(?i)token\s{0,3}=\s{0,3}([a-z0-9]{16,40})\b'
    secret_group: 1
    keywords: [token]
    entropy: 3.0
    allow: ['abcdefabcdef12345678']
    examples: {positive: ['token = q8w7e6r5t4y3u2i1o9p0']}
  - id: acme-token
    name: acme token
    description: d
    severity: high
    pattern: '\b(acme[a-z0-9]{16})\b'
    secret_group: 1
    priority: 10
    examples: {positive: ['acmeq8w7e6r5t4y3u2i1']}
)";

TEST(SecretsEngine, MatchesExtractsTheGroupAndResolvesOverlaps) {
  auto ds = parse(kTwo);
  Engine e(ds, "", "");
  ASSERT_TRUE(e.errors().empty()) << e.errors().front();
  std::string text = "x\n token = q8w7e6r5t4y3u2i1o9p0 \nTOKEN= acmeq8w7e6r5t4y3u2i1\n";
  auto ms = e.scan(text);
  ASSERT_EQ(ms.size(), 2u);
  EXPECT_EQ(ms[0].detector->id, "generic-token");
  EXPECT_EQ(ms[0].secret, "q8w7e6r5t4y3u2i1o9p0");
  EXPECT_EQ(text.substr(ms[0].begin, ms[0].end - ms[0].begin), ms[0].secret);
  // Both match the second secret; the higher priority wins.
  EXPECT_EQ(ms[1].detector->id, "acme-token");
  EXPECT_EQ(ms[1].secret, "acmeq8w7e6r5t4y3u2i1");
}

// Detectors whose secret is the whole match skip RE2; anything with more around the
// secret (context, a delimiter, flags, alternation) still goes through it.
TEST(SecretsEngine, WholeMatchDetectorsAreRecognised) {
  auto whole = [](std::string pattern, int group) {
    Detector d;
    d.pattern = std::move(pattern);
    d.secret_group = group;
    return secret_is_whole_match(d);
  };
  EXPECT_TRUE(whole(R"(\b(ghp_[A-Za-z0-9]{36})\b)", 1));
  EXPECT_TRUE(whole(R"((AKIA[A-Z2-7]{16}))", 1));
  EXPECT_TRUE(whole(R"(xox[bp]-[0-9]{10,13})", 0));
  EXPECT_FALSE(whole(R"(\b(ghp_[A-Za-z0-9]{36})(?:[^A-Za-z0-9]|$))", 1));
  EXPECT_FALSE(whole(R"(token=([a-z0-9]{16}))", 1));
  EXPECT_FALSE(whole(R"((?i)(sk_[a-z]{20}))", 1));
  EXPECT_FALSE(whole(R"(\b(a|b)\b)", 1));
  EXPECT_FALSE(whole(R"(\b(abc\\b)", 1));
  EXPECT_FALSE(whole(R"((x)(y))", 2));
  // The fast path keeps the filters: the allow-list, entropy and EXAMPLE values drop out,
  // and the word boundary still holds.
  auto ds = parse(R"(detectors:
  - id: acme-key
    name: n
    description: d
    severity: low
    pattern: '\b(acme_[A-Za-z0-9]{16})\b'
    secret_group: 1
    keywords: [acme_]
    entropy: 3.0
    allow: ['acme_Zq8w7e6r5t4y3u2i']
    examples: {positive: ['acme_q8w7e6r5t4y3u2i1']}
)");
  ASSERT_EQ(ds.size(), 1u);
  ASSERT_TRUE(secret_is_whole_match(ds[0]));
  Engine e(ds, "", "");
  auto ms = e.scan("a acme_q8w7e6r5t4y3u2i1 b acme_aaaaaaaaaaaaaaaa c acme_Zq8w7e6r5t4y3u2i "
                   "d acme_q8w7e6r5t4y3u2i1x e acme_EXAMPLEq8w7e6r5t4 f");
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0].secret, "acme_q8w7e6r5t4y3u2i1");
}

// A confirm_pattern looser than the pattern (no digit, one counted repeat) extracts the
// secret; require_digit puts back what it dropped. Vectorscan still filters with the
// pattern: "k=1abcdefg" has a digit the confirm pattern does not ask for, and
// "k=abcdefgh" is never confirmed because the pattern wants a digit.
TEST(SecretsEngine, ConfirmPatternAndRequireDigit) {
  auto ds = parse(R"(detectors:
  - id: k-digit
    name: n
    description: d
    severity: low
    pattern: 'k=([a-z]{0,8}[0-9][a-z0-9]{0,8})\b'
    confirm_pattern: 'k=([a-z0-9]{1,17})\b'
    require_digit: true
    secret_group: 1
    always_on: true
    keywords: [k]
    examples: {positive: ['k=ab1cd']}
  - id: loose
    name: n
    description: d
    severity: low
    pattern: 'z=([a-z0-9]{1,17})\b'
    require_digit: true
    secret_group: 1
    always_on: true
    keywords: [z]
    examples: {positive: ['z=ab1cd']}
)");
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_TRUE(ds[0].require_digit);
  EXPECT_EQ(ds[0].confirm_pattern, "k=([a-z0-9]{1,17})\\b");
  Engine e(ds, "", "");
  ASSERT_TRUE(e.errors().empty()) << e.errors().front();
  auto one = [&](std::string_view text) {
    auto ms = e.scan(text);
    return ms.size() == 1 ? std::string(ms[0].secret) : "(" + std::to_string(ms.size()) + " matches)";
  };
  EXPECT_EQ(one("x k=abc1def y"), "abc1def");
  EXPECT_EQ(one("x k=1abcdefg y"), "1abcdefg");
  EXPECT_EQ(one("x k=abcdefgh y"), "(0 matches)");
  // require_digit on its own: the pattern matches, the check after it refuses.
  EXPECT_EQ(one("x z=abcdefgh y"), "(0 matches)");
  EXPECT_EQ(one("x z=abcd3fgh y"), "abcd3fgh");
  std::vector<std::string> errors;
  parse_detectors({{"b.yaml", "detectors:\n  - id: b\n    name: n\n    description: d\n    severity: low\n"
                              "    pattern: 'a'\n    require_digit: yes\n    examples: {positive: [a]}\n"}},
                  errors);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("require_digit"), std::string::npos) << errors[0];
}

// Stage 2 scans only windows around anchor keywords: secrets before and after their
// keyword, at the very start and end of the text, and in windows that overlap are all found
// exactly once, like a scan of the whole text would.
constexpr std::string_view kAnchored = R"(detectors:
  - id: acme-key
    name: acme key
    description: d
    severity: high
    pattern: '(?i)acmekey\s{0,3}=\s{0,3}([a-z0-9]{20})\b'
    secret_group: 1
    keywords: [acmekey]
    examples: {positive: ['acmekey = q8w7e6r5t4y3u2i1o9p0']}
  - id: zorp-hash
    name: zorp
    description: d
    severity: high
    pattern: '\b([a-f0-9]{32})[ \t]{0,4}#[ \t]{0,4}zorpsecret'
    secret_group: 1
    keywords: [zorpsecret]
    examples: {positive: ['0123456789abcdef0123456789abcdef # zorpsecret']}
)";

TEST(SecretsEngine, AnchoredDetectorsAreFoundAroundTheirKeywords) {
  auto ds = parse(kAnchored);
  ASSERT_TRUE(is_anchored(ds[0]) && is_anchored(ds[1]));
  Engine e(ds, "", "");
  ASSERT_TRUE(e.errors().empty()) << e.errors().front();
  const std::string a = "ACMEKEY=q8w7e6r5t4y3u2i1o9p0";
  const std::string z = "0123456789abcdef0123456789abcdef # zorpsecret";
  std::string filler(5000, 'x');
  for (size_t i = 0; i < filler.size(); i += 40) filler[i] = '\n';
  std::string text = z + "\n" + filler + a + " " + z + "\n" + a + "\n" + filler + "\n" +
                     filler + "\nacmekey = 0000000000000000000 \n" + z + " " + a;
  auto ms = e.scan(text);
  ASSERT_EQ(ms.size(), 6u);
  for (size_t i : {0u, 2u, 4u}) EXPECT_EQ(ms[i].secret, z.substr(0, 32)) << i;
  for (size_t i : {1u, 3u, 5u}) EXPECT_EQ(ms[i].secret, "q8w7e6r5t4y3u2i1o9p0") << i;
  EXPECT_EQ(ms[5].end, text.size());
  // A keyword alone, or a value without its keyword, finds nothing.
  EXPECT_TRUE(e.scan(filler + "acmekey zorpsecret" + filler).empty());
}

// Vectorscan 5.4.9's AVX2 scanner missed this always-on match in the stage-1 database
// when a line followed it (engine.cc scans with the SSE4.2 one).
TEST(SecretsEngine, AlwaysOnPatternFollowedByText) {
  const std::string text =
      "record_session: cursor_index\n"
      "cos_secret_access_key: 9e4b93132589cb5842161684eaf2c6403df30deb1e37def5\n"
      "account: customer_amount_client\n";
  bool found = false;
  for (const Match& m : Engine::shared().scan(text))
    found = found || m.detector->id == "ibm-cos-hmac-secret";
  EXPECT_TRUE(found);
}

TEST(SecretsEngine, EntropyAllowListAndKeywordsFilter) {
  auto ds = parse(kTwo);
  Engine e(ds, "", "");
  EXPECT_TRUE(e.scan("token = aaaaaaaaaaaaaaaaaaaa").empty());  // entropy 0
  EXPECT_TRUE(e.scan("token = abcdefabcdef12345678").empty());  // allow-listed example
  EXPECT_EQ(e.scan("token = q8w7e6r5t4y3u2i1o9p0").size(), 1u);
}

TEST(SecretsEngine, FindsSecretsFarIntoALargeText) {
  auto ds = parse(kTwo);
  Engine e(ds, "", "");
  std::string text(3 << 20, 'x');
  for (size_t i = 80; i < text.size(); i += 81) text[i] = '\n';
  text += "\nacmeq8w7e6r5t4y3u2i1\n";
  auto ms = e.scan(text);
  ASSERT_EQ(ms.size(), 1u);
  EXPECT_EQ(ms[0].begin, (3u << 20) + 1);
}

TEST(SecretsEngine, CacheIsWrittenReadAndRecompiledWhenCorrupt) {
  fs::path dir = fs::temp_directory_path() / ("kl-cache-" + std::to_string(getpid()));
  fs::remove_all(dir);
  auto ds = parse(kTwo);
  std::string file;
  {
    Engine e(ds, std::string(kTwo), dir.string());
    EXPECT_EQ(e.origin(), "compiled");
    file = e.cache_file();
    ASSERT_TRUE(fs::exists(file));
  }
  {
    Engine e(ds, std::string(kTwo), dir.string());
    EXPECT_EQ(e.origin(), "cache");
    EXPECT_EQ(e.scan("acmeq8w7e6r5t4y3u2i1").size(), 1u);
  }
  // Damage the database bytes: the engine notices and recompiles.
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(fs::file_size(file) / 2));
    f.write("garbage!garbage!garbage!", 24);
  }
  {
    Engine e(ds, std::string(kTwo), dir.string());
    EXPECT_EQ(e.scan("acmeq8w7e6r5t4y3u2i1").size(), 1u);
  }
  // A truncated file too.
  fs::resize_file(file, 20);
  {
    Engine e(ds, std::string(kTwo), dir.string());
    EXPECT_EQ(e.origin(), "compiled");
    EXPECT_EQ(e.scan("acmeq8w7e6r5t4y3u2i1").size(), 1u);
  }
  // Other detectors, another key: another file.
  {
    Engine e(ds, std::string(kTwo) + "#", dir.string());
    EXPECT_NE(e.cache_file(), file);
  }
  fs::remove_all(dir);
}

TEST(SecretsEngine, PatternsVectorscanCannotCompileAreReported) {
  auto ds = parse(R"(detectors:
  - id: backref
    name: n
    description: d
    severity: low
    pattern: '(a)\1'
    examples: {positive: ['aa']}
)");
  Engine e(ds, "", "");
  EXPECT_FALSE(e.errors().empty());
}

TEST(AwsKeyId, DecodesTheAccount) {
  EXPECT_EQ(aws_account_of_key_id("ASIAY34FZKBOKMUTVV7A"), "609629065308");
  EXPECT_EQ(aws_account_of_key_id("AKIAQYLPMN5HHHFPZAM2"), "052310077262");
  EXPECT_EQ(aws_account_of_key_id("AKIAIOSFODNN7EXAMPLE"), "");  // old format
  EXPECT_EQ(aws_account_of_key_id("AKIAJOSFODNN7EXAMPLE"), "");
  EXPECT_EQ(aws_account_of_key_id("AKIAQYLPMN5HHHFPZAM"), "");   // short
  EXPECT_EQ(aws_account_of_key_id("XKIAQYLPMN5HHHFPZAM2"), "");  // prefix
  EXPECT_EQ(aws_account_of_key_id("AKIAQYLPMN5HHHFPZA11"), "052310077262");  // tail unused
  EXPECT_EQ(aws_account_of_key_id("AKIAQ1LPMN5HHHFPZAM2"), "");  // not base32
}

TEST(Redact, ShowsAtMostFourCharactersAndAQuarter) {
  EXPECT_EQ(redact("AKIAQYLPMN5HHHFPZAM2"), "AKIA…(20)");
  EXPECT_EQ(redact("hunter2!"), "hu…(8)");
  EXPECT_EQ(redact("abc"), "…(3)");
  EXPECT_EQ(redact(""), "…(0)");
}

TEST(Entropy, Shannon) {
  EXPECT_DOUBLE_EQ(shannon_entropy("aaaa"), 0);
  EXPECT_DOUBLE_EQ(shannon_entropy("abab"), 1);
  EXPECT_DOUBLE_EQ(shannon_entropy("abcd"), 2);
}

TEST(SecretFindings, LineColumnAllowCommentAndRegexes) {
  std::string text =
      "a = 1\n"
      "key = AKIAQYLPMN5HHHFPZAM2\n"
      "test = AKIAUJZDEGXDNCF32EPF  # kumolens:allow test account\n";
  std::vector<rules::Finding> out;
  find_secrets("app/settings.py", text, {}, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].rule, "KL-SECRET-AWS-ACCESS-KEY-ID");
  EXPECT_EQ(out[0].loc.line, 2u);
  EXPECT_EQ(out[0].loc.column, 7u);
  EXPECT_EQ(out[0].evidence, "AKIA…(20), AWS account 052310077262");
  EXPECT_FALSE(out[0].suppressed);
  ASSERT_TRUE(out[1].suppressed);
  EXPECT_EQ(out[1].suppressed->reason, "test account");
  // The fingerprint follows the secret, not the place.
  std::vector<rules::Finding> moved;
  find_secrets("other/file.txt", "\n\n\n  AKIAQYLPMN5HHHFPZAM2", {}, moved);
  ASSERT_EQ(moved.size(), 1u);
  EXPECT_EQ(moved[0].fingerprint, out[0].fingerprint);
  EXPECT_NE(out[1].fingerprint, out[0].fingerprint);

  Allow allow;
  allow.lists.allow_regexes = {"^AKIAQYLP"};
  std::vector<rules::Finding> filtered;
  find_secrets("app/settings.py", text, allow, filtered);
  ASSERT_EQ(filtered.size(), 1u);
  EXPECT_EQ(filtered[0].loc.line, 3u);

  Allow by_path;
  by_path.base_dir = fs::current_path().string();
  by_path.lists.allow_paths = {"app/**"};
  std::vector<rules::Finding> none;
  find_secrets("app/settings.py", text, by_path, none);
  EXPECT_TRUE(none.empty());
}

}  // namespace
}  // namespace kl::secrets
