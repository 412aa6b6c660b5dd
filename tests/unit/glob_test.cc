#include "config/glob.h"

#include <gtest/gtest.h>

namespace kl::config {

TEST(Glob, StarStaysInOneSegment) {
  EXPECT_TRUE(glob_match("*.yaml", "template.yaml"));
  EXPECT_FALSE(glob_match("*.yaml", "stacks/template.yaml"));
  EXPECT_TRUE(glob_match("stacks/*.yaml", "stacks/api.yaml"));
  EXPECT_FALSE(glob_match("stacks/*.yaml", "stacks/old/api.yaml"));
  EXPECT_TRUE(glob_match("t?st.json", "test.json"));
  EXPECT_FALSE(glob_match("a?b", "a/b"));
}

TEST(Glob, DoubleStarCrossesSegments) {
  EXPECT_TRUE(glob_match("**/*.yaml", "a/b/c.yaml"));
  EXPECT_TRUE(glob_match("**/*.yaml", "c.yaml"));  // "**/" also matches no directory
  EXPECT_TRUE(glob_match("legacy/**", "legacy/x/y.json"));
  EXPECT_TRUE(glob_match("a/**/b.yaml", "a/b.yaml"));
  EXPECT_TRUE(glob_match("a/**/b.yaml", "a/x/y/b.yaml"));
  EXPECT_FALSE(glob_match("a/**/b.yaml", "b/x/b.yaml"));
  // Mixed stars need backtracking into the "**" (a greedy matcher gets this wrong).
  EXPECT_TRUE(glob_match("**/x*/*.yaml", "a/xb/c/xd/e.yaml"));
}

TEST(Glob, PathsMatchNamesAtAnyDepthAndDirectories) {
  EXPECT_TRUE(glob_match_path("*.json", "stacks/old/api.json"));
  EXPECT_TRUE(glob_match_path("legacy", "legacy/api.yaml"));
  EXPECT_TRUE(glob_match_path("legacy/", "services/legacy/api.yaml"));
  EXPECT_TRUE(glob_match_path("services/legacy", "services/legacy/api.yaml"));
  EXPECT_FALSE(glob_match_path("services/legacy", "other/services/legacy/api.yaml"));
  EXPECT_TRUE(glob_match_path("./stacks/*.yaml", "stacks/api.yaml"));
  EXPECT_FALSE(glob_match_path("stacks/*.yaml", "api.yaml"));
}

}  // namespace kl::config
