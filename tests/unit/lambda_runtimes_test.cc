#include "rules/lambda_runtimes.h"

#include <gtest/gtest.h>

namespace kl::rules {
namespace {

TEST(LambdaRuntimes, DeprecatedFromItsDateOn) {
  EXPECT_FALSE(runtime_deprecated_on("python3.9", "2025-12-14"));
  EXPECT_TRUE(runtime_deprecated_on("python3.9", "2025-12-15"));
  EXPECT_TRUE(runtime_deprecated_on("nodejs18.x", "2026-11-23"));
  EXPECT_TRUE(runtime_deprecated_on("python3.10", "2026-11-23"));
  EXPECT_TRUE(runtime_deprecated_on("nodejs20.x", "2026-11-23"));
  // Extended by a year when Amazon Linux 2 ended.
  EXPECT_FALSE(runtime_deprecated_on("python3.11", "2026-11-23"));
  EXPECT_FALSE(runtime_deprecated_on("java17", "2026-11-23"));
  EXPECT_FALSE(runtime_deprecated_on("python3.13", "2026-11-23"));
  EXPECT_TRUE(runtime_deprecated_on("python3.13", "2029-06-30"));
}

TEST(LambdaRuntimes, AllIdentifiersOfTheBriefAreDeprecatedOnTheTableDate) {
  for (const char* rt : {"python2.7", "python3.6", "python3.7", "python3.8", "python3.9",
                         "nodejs", "nodejs10.x", "nodejs12.x", "nodejs14.x", "nodejs16.x",
                         "nodejs18.x", "dotnetcore2.1", "dotnetcore3.1", "ruby2.7", "java8",
                         "go1.x", "provided"})
    EXPECT_TRUE(runtime_deprecated_on(rt, kRuntimeTableDate)) << rt;
  for (const char* rt : {"python3.12", "python3.14", "nodejs22.x", "nodejs24.x", "java21",
                         "java25", "provided.al2023", "dotnet10", "ruby3.4"})
    EXPECT_FALSE(runtime_deprecated_on(rt, kRuntimeTableDate)) << rt;
}

TEST(LambdaRuntimes, UnknownRuntimesAndBadDatesAreNotJudged) {
  EXPECT_FALSE(runtime_deprecation("python4.0").has_value());
  EXPECT_FALSE(runtime_deprecated_on("python4.0", "2099-01-01"));
  EXPECT_FALSE(runtime_deprecated_on("", "2099-01-01"));
  EXPECT_FALSE(runtime_deprecated_on("python2.7", "yesterday"));
  EXPECT_TRUE(runtime_deprecated_on("PYTHON2.7", "2026-11-23"));  // identifiers in any case
  EXPECT_EQ(runtime_deprecation("go1.x")->successor, "provided.al2023");
}

TEST(LambdaRuntimes, TodayIsADate) {
  std::string_view t = today_utc();
  ASSERT_EQ(t.size(), 10u);
  EXPECT_EQ(t[4], '-');
  EXPECT_EQ(t[7], '-');
  EXPECT_GE(t, std::string_view("2024-01-01"));
}

}  // namespace
}  // namespace kl::rules
