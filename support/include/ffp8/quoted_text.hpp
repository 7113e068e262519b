// User text echoed in an error message (a field of an input line, a name in a file, an option's
// value): in single quotes, with the bytes a terminal would act on written as escapes, and cut
// short, so that a message stays one readable line whatever the input held.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ffp8 {

// 'text', where a control byte, DEL, a byte >= 0x80, the quote and the backslash are written as
// \n, \t, \r, \', \\ or \xNN (NUL as \x00). Text longer than `limit` bytes shows its first `limit` bytes and
// its length: 'xxxx...' (100000 bytes).
std::string quoted_text(std::string_view text, std::size_t limit = 64);

// The text with its control bytes and DEL escaped except line feed and tab (as above, no quotes,
// no limit): a whole message, whose line breaks are its own (a tool's log tail), that no byte can
// cut short or turn into a terminal command. Fields inside it are quoted_text() already.
std::string escape_control_bytes(std::string_view text);

}  // namespace ffp8
