#include "load/gitignore.h"

#include <gtest/gtest.h>

namespace kl::load {
namespace {

TEST(Glob, Basics) {
  EXPECT_TRUE(glob_match("*.yaml", "a.yaml"));
  EXPECT_FALSE(glob_match("*.yaml", "dir/a.yaml"));
  EXPECT_TRUE(glob_match("**/a.yaml", "x/y/a.yaml"));
  EXPECT_TRUE(glob_match("**/a.yaml", "a.yaml"));
  EXPECT_TRUE(glob_match("a/**", "a/b/c"));
  EXPECT_TRUE(glob_match("te?t", "test"));
  EXPECT_TRUE(glob_match("[abc]x", "bx"));
  EXPECT_FALSE(glob_match("[!abc]x", "bx"));
}

TEST(GitIgnore, PatternsNegationAndAnchoring) {
  GitIgnore g;
  g.add("# comment\n*.log\nbuild/\n/top.yaml\n!keep.log\nsub/deep.yaml\n", "");
  EXPECT_TRUE(g.ignored("x.log", false));
  EXPECT_TRUE(g.ignored("a/x.log", false));
  EXPECT_FALSE(g.ignored("keep.log", false));
  EXPECT_TRUE(g.ignored("build", true));
  EXPECT_FALSE(g.ignored("build", false));
  EXPECT_TRUE(g.ignored("top.yaml", false));
  EXPECT_FALSE(g.ignored("a/top.yaml", false));
  EXPECT_TRUE(g.ignored("sub/deep.yaml", false));
  EXPECT_FALSE(g.ignored("x/sub/deep.yaml", false));
}

TEST(GitIgnore, NestedFilesApplyBelowTheirDirectory) {
  GitIgnore g;
  g.add("*.json\n", "infra");
  EXPECT_TRUE(g.ignored("infra/a.json", false));
  EXPECT_FALSE(g.ignored("a.json", false));
}

}  // namespace
}  // namespace kl::load
