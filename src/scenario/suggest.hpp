// Wording helpers for messages: "did you mean …?" (the closest known name to a
// misspelt one), quoting user text, and lists.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace svcsim::detail {

/// Edit distance with adjacent transpositions counted as one edit
/// ("instnaces" is one edit from "instances").
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` when it is close enough to be a likely typo
/// (distance <= max(1, |word| / 3)); ties go to the earlier candidate.
std::optional<std::string> suggest(std::string_view word, const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

/// `'text'` for a message: cut to a readable length (on a UTF-8 boundary),
/// kept on one line, and with control characters (C0, DEL, C1) written as
/// `\x1b` / `\u009b`, since the text may be anything a file holds and the
/// message goes to a terminal.
std::string quote(std::string_view text);

/// `text` on one line (line breaks and tabs as spaces) with its control
/// characters written as control_escape does: for user text printed unquoted
/// (a --set path). A 0xC2 byte that starts no character (last, or before a
/// byte that cannot follow it) is written `\xc2`, so that whatever is put
/// after the result cannot complete it into a C1 control.
std::string escape_controls(std::string_view text);

/// A control character as printable text: `\x1b` (below 0x80) or `\u009b`.
std::string control_escape(unsigned code);

/// "a, b, c" — for messages that list what is allowed.
std::string join(const std::vector<std::string>& items, std::string_view separator = ", ");

}  // namespace svcsim::detail
