#include "rules/secret_names.h"

#include <gtest/gtest.h>

namespace kl::rules {
namespace {

using model::Value;

TEST(NameWords, SplitsEveryCaseStyle) {
  using W = std::vector<std::string>;
  EXPECT_EQ(name_words("DB_PASSWORD"), (W{"DB", "PASSWORD"}));
  EXPECT_EQ(name_words("dbPassword"), (W{"DB", "PASSWORD"}));
  EXPECT_EQ(name_words("APIKey"), (W{"API", "KEY"}));
  EXPECT_EQ(name_words("/app/prod/api-key"), (W{"APP", "PROD", "API", "KEY"}));
  EXPECT_EQ(name_words("oauth2Token"), (W{"OAUTH2", "TOKEN"}));
  EXPECT_TRUE(name_words("--").empty());
}

TEST(SecretLikeName, FindsSecretsInAnyStyle) {
  for (const char* n : {"DB_PASSWORD", "dbPassword", "STRIPE_API_KEY", "apiKey", "GITHUB_TOKEN",
                        "JWT_SECRET", "PRIVATE_KEY", "AWS_SECRET_ACCESS_KEY", "client-secret",
                        "/shop/prod/db-password", "SIGNING_KEY", "SECRET_KEY_BASE", "DB_PASS"})
    EXPECT_TRUE(secret_like_name(n)) << n;
}

TEST(SecretLikeName, IgnoresReferencesSettingsAndPlainNames) {
  for (const char* n : {"DB_PASSWORD_ARN", "API_KEY_SECRET_NAME", "SECRET_ID", "TOKEN_TTL",
                        "TOKEN_URL", "PASSWORD_MIN_LENGTH", "ACCESS_KEY_ID", "KMS_KEY",
                        "KMS_KEY_ID", "LOG_LEVEL", "BYPASS_CACHE", "TABLE_NAME",
                        "SECRETS_EXTENSION_HTTP_PORT", "REDIS_PASSWORD_HOST", "", "_"})
    EXPECT_FALSE(secret_like_name(n)) << n;
}

TEST(SecretLikeName, ParameterSuffixIsStrippedOnlyWhenAsked) {
  EXPECT_FALSE(secret_like_name("DbPasswordParameter"));
  EXPECT_TRUE(secret_like_name("DbPasswordParameter", true));
  EXPECT_TRUE(secret_like_name("/app/api-token-ssm", true));
  EXPECT_FALSE(secret_like_name("DbPasswordSecretArnParam", true));
  EXPECT_FALSE(secret_like_name("Parameter", true));
}

TEST(LooksLikeSecretValue, KnowsAFewCredentialShapes) {
  EXPECT_TRUE(looks_like_secret_value("AKIAIOSFODNN7EXAMPLE"));
  EXPECT_TRUE(looks_like_secret_value("user,AKIAIOSFODNN7EXAMPLE"));
  EXPECT_TRUE(looks_like_secret_value("-----BEGIN RSA PRIVATE KEY-----\nMII"));
  EXPECT_TRUE(looks_like_secret_value("ghp_0123456789abcdef"));
  EXPECT_TRUE(looks_like_secret_value("postgres://app:s3cret@db.internal:5432/app"));
  EXPECT_FALSE(looks_like_secret_value("AKIA-not-a-key"));
  EXPECT_FALSE(looks_like_secret_value("https://example.com/a@b"));
  EXPECT_FALSE(looks_like_secret_value("postgres://db.internal:5432/app"));
  EXPECT_FALSE(looks_like_secret_value("info"));
}

model::Model model_with_noecho() {
  model::Model m;
  model::Parameter p;
  p.name = "Hidden";
  p.no_echo = true;
  m.parameters["Hidden"] = p;
  p.name = "Shown";
  p.no_echo = false;
  m.parameters["Shown"] = p;
  auto secret = std::make_unique<model::Resource>();
  secret->id = "Secret";
  secret->type = "AWS::SecretsManager::Secret";
  secret->properties.set("Name", Value::string("shop/session"));
  m.add(std::move(secret));
  return m;
}

Value from_parameter(Value v, const std::string& name) {
  v.set_ref(model::kParameterRefPrefix + name);
  return v;
}

TEST(ClassifySecretValue, LiteralsNoEchoAndReferences) {
  model::Model m = model_with_noecho();
  auto kind = [&](const Value& v) { return classify_secret_value(m, &v).kind; };
  EXPECT_EQ(kind(Value::string("hunter2")), SecretValueKind::Literal);
  EXPECT_EQ(kind(Value::number("123456")), SecretValueKind::Literal);
  EXPECT_EQ(kind(from_parameter(Value::string("default-pass"), "Shown")), SecretValueKind::Literal);
  EXPECT_EQ(kind(from_parameter(Value::unknown("parameter 'Hidden' has no default"), "Hidden")),
            SecretValueKind::NoEchoParameter);
  EXPECT_EQ(kind(from_parameter(Value::string("x"), "Hidden")), SecretValueKind::NoEchoParameter);
  EXPECT_EQ(kind(from_parameter(Value::unknown("parameter 'Shown' has no default"), "Shown")),
            SecretValueKind::Unknown);
  EXPECT_EQ(kind(Value::string("")), SecretValueKind::None);
  EXPECT_EQ(kind(Value::boolean(true)), SecretValueKind::None);
  EXPECT_EQ(kind(Value::string("true")), SecretValueKind::None);  // ENABLE_PASSWORD_RESET: "true"
  EXPECT_EQ(kind(Value::string("Disabled")), SecretValueKind::None);
  EXPECT_EQ(kind(Value::string("{{resolve:secretsmanager:db:SecretString:password}}")),
            SecretValueKind::None);
  EXPECT_EQ(kind(Value::unknown("Fn::Sub '{{resolve:ssm-secure:/${Env}/token}}'")),
            SecretValueKind::None);
  EXPECT_EQ(kind(Value::string("arn:aws:secretsmanager:eu-west-1:1:secret:x")), SecretValueKind::None);
  EXPECT_EQ(kind(Value::string("/shop/prod/token")), SecretValueKind::None);
  EXPECT_EQ(kind(Value::string("shop/session")), SecretValueKind::None);  // a secret's Name
  EXPECT_EQ(kind(Value::list()), SecretValueKind::None);
  EXPECT_EQ(classify_secret_value(m, nullptr).kind, SecretValueKind::None);
  EXPECT_EQ(classify_secret_value(m, &m.parameters["Hidden"].definition).kind, SecretValueKind::None);
  EXPECT_EQ(classify_secret_value(m, nullptr).parameter, "");
  Value hidden = from_parameter(Value::unknown("no default"), "Hidden");
  EXPECT_EQ(classify_secret_value(m, &hidden).parameter, "Hidden");
}

}  // namespace
}  // namespace kl::rules
