// API Gateway rules (rules/apigateway*.cc): each catalog entry is implemented, every
// message variant a rule uses exists in both languages, and messages name the route and
// the API the way users read them. Fixture expectations (tests/fixtures/apigateway) cover
// which lines fire; these tests cover what the findings say.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>

#include "rules/catalog.h"
#include "rules/rule.h"
#include "scan/scanner.h"

namespace kl::rules {
namespace {

namespace fs = std::filesystem;

std::vector<Finding> scan_fixture(const std::string& name) {
  scan::ScanOptions opts;
  opts.paths = {(fs::path(KL_SOURCE_DIR) / "tests" / "fixtures" / "apigateway" / name).string()};
  opts.jobs = 1;
  return scan::scan(opts).findings;
}

const Finding* find(const std::vector<Finding>& fs, const std::string& rule, unsigned line) {
  for (const Finding& f : fs)
    if (f.rule == rule && f.loc.line == line) return &f;
  return nullptr;
}

TEST(ApiGatewayRules, EveryCatalogEntryIsImplementedOnce) {
  std::set<std::string> implemented;
  for (const RuleImpl& r : all_rules())
    if (r.id.rfind("KL-APIGW-", 0) == 0) EXPECT_TRUE(implemented.insert(std::string(r.id)).second) << r.id;
  std::set<std::string> catalogued;
  for (const RuleInfo& info : Catalog::embedded().rules())
    if (info.service == "apigateway") catalogued.insert(info.id);
  EXPECT_EQ(implemented, catalogued);
  EXPECT_EQ(catalogued.size(), 9u);
}

TEST(ApiGatewayRules, VariantsExistInBothLanguages) {
  const std::pair<const char*, const char*> used[] = {
      {"KL-APIGW-003", "mtls"}, {"KL-APIGW-005", "cluster"}, {"KL-APIGW-006", "http"}, {"KL-APIGW-008", "http"}};
  for (auto [id, variant] : used) {
    const RuleInfo* info = Catalog::embedded().find(id);
    ASSERT_TRUE(info) << id;
    auto it = info->messages.find(variant);
    ASSERT_NE(it, info->messages.end()) << id << " " << variant;
    EXPECT_FALSE(it->second.en.empty());
    EXPECT_FALSE(it->second.ja.empty());
  }
}

TEST(ApiGatewayRules, RouteFindingsNameMethodPathAndApi) {
  std::vector<Finding> fs = scan_fixture("rest_methods.yaml");
  const Finding* del = find(fs, "KL-APIGW-001", 83);
  ASSERT_TRUE(del);
  EXPECT_EQ(del->resource, "DeleteUser");
  EXPECT_EQ(render_message(*del, "en").rfind("route 'DELETE /users/{userId}' of REST API 'AdminApi'", 0), 0u)
      << render_message(*del, "en");
  EXPECT_NE(render_message(*del, "ja").find("'DELETE /users/{userId}'"), std::string::npos);

  fs = scan_fixture("http_api_routes.yaml");
  const Finding* ping = find(fs, "KL-APIGW-002", 113);
  ASSERT_TRUE(ping);
  EXPECT_EQ(ping->resource, "StatusApi");
  EXPECT_EQ(ping->path, "Properties.Body.paths./ping.get");
  EXPECT_EQ(ping->evidence, "security: []");
  EXPECT_NE(render_message(*ping, "en").find("'GET /ping' of HTTP API 'StatusApi'"), std::string::npos);
}

TEST(ApiGatewayRules, MtlsDomainGetsTheMtlsMessage) {
  std::vector<Finding> fs = scan_fixture("custom_domain_mtls.yaml");
  const Finding* payments = find(fs, "KL-APIGW-003", 11);
  ASSERT_TRUE(payments);
  EXPECT_EQ(payments->variant, "mtls");
  EXPECT_NE(render_message(*payments, "en").find("'pay.partners.example.com'"), std::string::npos);
  EXPECT_NE(render_message(*payments, "ja").find("mTLS"), std::string::npos);
  const Finding* accounts = find(fs, "KL-APIGW-003", 100);
  ASSERT_TRUE(accounts);
  EXPECT_EQ(accounts->variant, "");
}

TEST(ApiGatewayRules, CloudFrontFindingNamesDistributionAndRestriction) {
  std::vector<Finding> fs = scan_fixture("cloudfront_waf.yaml");
  const Finding* f = find(fs, "KL-APIGW-004", 24);
  ASSERT_TRUE(f);
  std::string msg = render_message(*f, "en");
  EXPECT_NE(msg.find("'StorefrontCdn' (WebACLId)"), std::string::npos) << msg;
}

TEST(ApiGatewayRules, DeploymentStageIsNamedByItsStageName) {
  std::vector<Finding> fs = scan_fixture("rest_openapi_swagger.yaml");
  const Finding* f = find(fs, "KL-APIGW-009", 87);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->resource, "ShopDeployment");
  EXPECT_EQ(f->path, "Properties.StageDescription.TracingEnabled");
  EXPECT_NE(render_message(*f, "en").find("stage 'v1' of API 'ShopApi'"), std::string::npos);
}

TEST(ApiGatewayRules, NoMessageKeepsAPlaceholder) {
  for (const char* name : {"rest_methods.yaml", "rest_openapi_swagger.yaml", "rest_openapi_oas3.json",
                           "http_api_routes.yaml", "custom_domain_mtls.yaml", "cloudfront_waf.yaml",
                           "stages.yaml", "resource_policies.yaml", "wrong_types.yaml"}) {
    std::vector<Finding> fs = scan_fixture(name);
    EXPECT_FALSE(fs.empty()) << name;
    for (const Finding& f : fs)
      for (const char* lang : {"en", "ja"}) {
        std::string msg = render_message(f, lang);
        for (const char* ph : {"{api}", "{route}", "{stage}", "{domain}", "{distribution}", "{restriction}"})
          EXPECT_EQ(msg.find(ph), std::string::npos) << name << ": " << msg;
      }
  }
}

}  // namespace
}  // namespace kl::rules
