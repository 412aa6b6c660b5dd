#pragma once
// Building strings from pieces that may be unknown: what Fn::Sub and Fn::Join do once their
// pieces are resolved. Shared by the template resolver and the SAM policy-template expander,
// so a partially known string reads the same everywhere ("arn:aws:s3:::${Bucket}/*").

#include <functional>
#include <optional>
#include <string>

#include "model/value.h"

namespace kl::cfn {

/// Text of a known scalar, or nullopt for anything else (Unknown, Either, containers).
std::optional<std::string> known_text(const model::Value& v);

/// How an unknown piece renders inside a partially known string: ${Parameter}, ${Resource},
/// else ${fallback}.
std::string placeholder(const model::Value& v, const std::string& fallback);

/// The value of an Fn::Sub text whose `${Name}` pieces `piece(name)` resolves. A string when
/// every piece is known; else Unknown whose reason keeps the known text with each unknown
/// piece as a placeholder, and whose ref names the resource of the first unknown piece (a
/// rule can still tell which bucket "${Bucket.Arn}/*" is about). `${!Literal}` is the text
/// `${Literal}`; an unclosed `${` is kept as text.
model::Value substitute(const std::string& text, model::Location loc,
                        const std::function<model::Value(const std::string&)>& piece);

}  // namespace kl::cfn
