// The embedded IAM data: managed policies by name and ARN, SAM policy templates expanded.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "iam/managed_policies.h"
#include "iam/sam_policy_templates.h"

namespace kl::iam {
namespace {

using model::Value;

const Value& first_statement(const Value& doc) {
  static const Value none;
  const Value* s = doc.get("Statement");
  return s && s->is_list() && !s->items().empty() ? s->items()[0] : none;
}

std::string resource_text(const Value& stmt, size_t i = 0) {
  const Value* r = stmt.get("Resource");
  if (!r) return "<absent>";
  if (r->is_list()) return i < r->items().size() ? r->items()[i].debug() : "<none>";
  return r->debug();
}

TEST(ManagedPolicies, DataFileHasTheOnesThatMatterWithArnDateAndDocument) {
  const auto& all = managed_policies();
  EXPECT_GE(all.size(), 25u);
  std::set<std::string> names;
  std::regex date(R"(\d{4}-\d{2}-\d{2})");
  for (const ManagedPolicy& p : all) {
    EXPECT_TRUE(names.insert(p.name).second) << "duplicate " << p.name;
    EXPECT_EQ(p.arn.rfind("arn:aws:iam::aws:policy/", 0), 0u) << p.name;
    EXPECT_EQ(p.arn.substr(p.arn.rfind('/') + 1), p.name);
    EXPECT_TRUE(std::regex_match(p.date, date)) << p.name << " " << p.date;
    EXPECT_EQ(p.version.rfind('v', 0), 0u) << p.name;
    const Value* st = p.document.get("Statement");
    ASSERT_TRUE(st && st->is_list() && !st->items().empty()) << p.name;
    for (const Value& s : st->items()) {
      ASSERT_TRUE(s.get("Effect")) << p.name;
      EXPECT_TRUE(s.get("Action") || s.get("NotAction")) << p.name;
      EXPECT_TRUE(s.get("Resource")) << p.name;
    }
  }
  for (const char* must : {"AdministratorAccess", "PowerUserAccess", "IAMFullAccess", "AmazonS3FullAccess",
                           "AmazonDynamoDBFullAccess", "AWSLambda_FullAccess", "AmazonSQSFullAccess",
                           "AmazonSNSFullAccess", "SecretsManagerReadWrite", "AmazonCognitoPowerUser",
                           "AWSLambdaBasicExecutionRole", "AWSLambdaVPCAccessExecutionRole",
                           "AWSXRayDaemonWriteAccess", "ReadOnlyAccess"})
    EXPECT_TRUE(names.count(must)) << must;
  EXPECT_FALSE(managed_policies_source().empty());
  EXPECT_TRUE(std::regex_match(managed_policies_retrieved(), date));
}

TEST(ManagedPolicies, FoundByNameArnAnyPartitionAndSamStyleArn) {
  const ManagedPolicy* admin = find_managed_policy("AdministratorAccess");
  ASSERT_NE(admin, nullptr);
  const Value& s = first_statement(admin->document);
  EXPECT_EQ(s.get("Action")->str(), "*");
  EXPECT_EQ(s.get("Resource")->str(), "*");
  EXPECT_EQ(find_managed_policy("arn:aws:iam::aws:policy/AdministratorAccess"), admin);
  EXPECT_EQ(find_managed_policy("arn:aws-us-gov:iam::aws:policy/AdministratorAccess"), admin);

  const ManagedPolicy* basic = find_managed_policy("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole");
  ASSERT_NE(basic, nullptr);
  EXPECT_EQ(basic->name, "AWSLambdaBasicExecutionRole");
  // SAM writes a bare name as arn:...:policy/<name>, without service-role/.
  EXPECT_EQ(find_managed_policy("arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole"), basic);
  EXPECT_EQ(find_managed_policy("AWSLambdaBasicExecutionRole"), basic);
}

TEST(ManagedPolicies, CustomerPoliciesWrongPathsAndUnknownNamesAreNotFound) {
  EXPECT_EQ(find_managed_policy("arn:aws:iam::123456789012:policy/AdministratorAccess"), nullptr);
  EXPECT_EQ(find_managed_policy("arn:aws:iam::aws:policy/job-function/AdministratorAccess"), nullptr);
  EXPECT_EQ(find_managed_policy("administratoraccess"), nullptr);  // names are case-sensitive in IAM
  EXPECT_EQ(find_managed_policy("NoSuchPolicy"), nullptr);
  EXPECT_EQ(find_managed_policy(""), nullptr);
  EXPECT_EQ(find_managed_policy("arn:"), nullptr);
}

TEST(ManagedPolicies, PowerUserIsEverythingButIamAndReadOnlyIsMarkedSummarized) {
  const ManagedPolicy* power = find_managed_policy("PowerUserAccess");
  ASSERT_NE(power, nullptr);
  const Value* not_action = first_statement(power->document).get("NotAction");
  ASSERT_TRUE(not_action && not_action->is_list());
  EXPECT_EQ(not_action->items()[0].str(), "iam:*");
  EXPECT_TRUE(power->summarized.empty());
  const ManagedPolicy* ro = find_managed_policy("ReadOnlyAccess");
  ASSERT_NE(ro, nullptr);
  EXPECT_FALSE(ro->summarized.empty());
}

TEST(SamPolicyTemplates, KnowsTheCommonOnesWithTheirParameters) {
  EXPECT_GE(sam_policy_template_names().size(), 30u);
  for (const char* must : {"S3ReadPolicy", "S3CrudPolicy", "S3WritePolicy", "DynamoDBCrudPolicy",
                           "DynamoDBReadPolicy", "SQSPollerPolicy", "SQSSendMessagePolicy",
                           "SNSPublishMessagePolicy", "LambdaInvokePolicy", "SSMParameterReadPolicy",
                           "KMSDecryptPolicy", "AWSSecretsManagerRotationPolicy",
                           "AWSSecretsManagerGetSecretValuePolicy", "VPCAccessPolicy"})
    EXPECT_TRUE(is_sam_policy_template(must)) << must;
  EXPECT_FALSE(is_sam_policy_template("S3ReadPolicyX"));
  EXPECT_EQ(sam_policy_template_parameters("S3ReadPolicy"), std::vector<std::string>{"BucketName"});
  EXPECT_TRUE(sam_policy_template_parameters("VPCAccessPolicy").empty());
  EXPECT_FALSE(expand_sam_policy_template("NoSuchPolicy", Value::map()).has_value());
  EXPECT_FALSE(sam_policy_templates_source().empty());
}

TEST(SamPolicyTemplates, LiteralParametersGiveConcreteArns) {
  Value params = Value::map();
  params.set("BucketName", Value::string("web-assets"));
  auto ex = expand_sam_policy_template("S3ReadPolicy", params);
  ASSERT_TRUE(ex.has_value());
  EXPECT_TRUE(ex->missing_parameters.empty());
  const Value& s = first_statement(ex->document);
  EXPECT_EQ(s.get("Effect")->str(), "Allow");
  EXPECT_EQ(resource_text(s, 0), "\"arn:aws:s3:::web-assets\"");
  EXPECT_EQ(resource_text(s, 1), "\"arn:aws:s3:::web-assets/*\"");
  EXPECT_EQ(ex->document.get("Version")->str(), "2012-10-17");
}

TEST(SamPolicyTemplates, RegionAndAccountComeFromThePseudoParametersOrStayUnknown) {
  Value params = Value::map();
  params.set("QueueName", Value::string("jobs"));
  auto unknown = expand_sam_policy_template("SQSPollerPolicy", params);
  ASSERT_TRUE(unknown.has_value());
  const Value* r = first_statement(unknown->document).get("Resource");
  ASSERT_TRUE(r && r->is_unknown());
  EXPECT_NE(r->str().find("arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:jobs"), std::string::npos) << r->str();

  PseudoParameters pseudo;
  pseudo.region = "eu-west-1";
  pseudo.account_id = "123456789012";
  pseudo.partition = "aws-cn";
  auto known = expand_sam_policy_template("SQSPollerPolicy", params, pseudo);
  EXPECT_EQ(first_statement(known->document).get("Resource")->str(), "arn:aws-cn:sqs:eu-west-1:123456789012:jobs");
}

TEST(SamPolicyTemplates, ResourceReferencesStayUnknownAndNameTheResource) {
  Value table = Value::unknown("Ref to resource 'UsersTable'");
  table.set_ref("UsersTable");
  Value params = Value::map();
  params.set("TableName", table);
  PseudoParameters pseudo;
  pseudo.region = "us-east-1";
  pseudo.account_id = "111122223333";
  auto ex = expand_sam_policy_template("DynamoDBCrudPolicy", params, pseudo);
  ASSERT_TRUE(ex.has_value());
  const Value* res = first_statement(ex->document).get("Resource");
  ASSERT_TRUE(res && res->is_list() && res->items().size() == 2);
  EXPECT_TRUE(res->items()[0].is_unknown());
  EXPECT_EQ(model::resource_ref(res->items()[0]), "UsersTable");
  EXPECT_NE(res->items()[1].str().find("table/${UsersTable}/index/*"), std::string::npos) << res->items()[1].str();
  // The actions are copied as they are.
  const Value* actions = first_statement(ex->document).get("Action");
  ASSERT_TRUE(actions && actions->is_list());
  EXPECT_EQ(actions->items()[0].str(), "dynamodb:GetItem");
}

TEST(SamPolicyTemplates, MissingParametersAreReportedAndUnknown) {
  auto ex = expand_sam_policy_template("LambdaInvokePolicy", Value::map());
  ASSERT_TRUE(ex.has_value());
  EXPECT_EQ(ex->missing_parameters, std::vector<std::string>{"FunctionName"});
  EXPECT_TRUE(first_statement(ex->document).get("Resource")->is_unknown());
  // Not a map at all: every parameter is missing, nothing crashes.
  auto bad = expand_sam_policy_template("S3CrudPolicy", Value::string("oops"));
  ASSERT_TRUE(bad.has_value());
  EXPECT_EQ(bad->missing_parameters, std::vector<std::string>{"BucketName"});
}

TEST(SamPolicyTemplates, ConditionsAreExpandedTooAndNodesSitAtTheCallersLocation) {
  Value params = Value::map();
  params.set("FunctionName", Value::string("rotator"));
  model::Location at{model::intern_file("template.yaml"), 42, 9};
  PseudoParameters pseudo;
  pseudo.region = "us-east-1";
  pseudo.account_id = "111122223333";
  auto ex = expand_sam_policy_template("AWSSecretsManagerRotationPolicy", params, pseudo, at);
  ASSERT_TRUE(ex.has_value());
  const Value& s = first_statement(ex->document);
  const Value* cond = s.get("Condition");
  ASSERT_TRUE(cond);
  const Value* eq = cond->get("StringEquals");
  ASSERT_TRUE(eq);
  EXPECT_EQ(eq->get("secretsmanager:resource/AllowRotationLambdaArn")->str(),
            "arn:aws:lambda:us-east-1:111122223333:function:rotator");
  EXPECT_EQ(s.get("Resource")->str(), "arn:aws:secretsmanager:us-east-1:111122223333:secret:*");
  EXPECT_EQ(s.loc().line, 42u);
  EXPECT_EQ(s.get("Resource")->loc().line, 42u);
}

TEST(SamPolicyTemplates, EveryTemplateExpandsWithEveryParameterGiven) {
  for (const std::string& name : sam_policy_template_names()) {
    Value params = Value::map();
    for (const std::string& p : sam_policy_template_parameters(name)) params.set(p, Value::string("x-" + p));
    PseudoParameters pseudo;
    pseudo.region = "us-east-1";
    pseudo.account_id = "111122223333";
    auto ex = expand_sam_policy_template(name, params, pseudo);
    ASSERT_TRUE(ex.has_value()) << name;
    EXPECT_TRUE(ex->missing_parameters.empty()) << name;
    const Value* st = ex->document.get("Statement");
    ASSERT_TRUE(st && st->is_list() && !st->items().empty()) << name;
    // With every input known nothing is left Unknown and no "${" survives.
    EXPECT_EQ(st->debug().find("unknown"), std::string::npos) << name << ": " << st->debug();
    EXPECT_EQ(st->debug().find("${"), std::string::npos) << name << ": " << st->debug();
  }
}

}  // namespace
}  // namespace kl::iam
