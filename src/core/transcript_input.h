// What the app accepts as a new transcript text before it replaces the saved one: an empty text, one over
// the size limit or a file that is not text is refused with a message (the saved transcript stays), and NUL and other C0
// control characters are replaced so no layer that handles C strings (storage, the text box) cuts it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tp {

// The largest transcript TalkPress takes in: 32 MiB of UTF-8, about 100 hours of talk. Larger input is
// refused with a message instead of freezing the page while it is parsed, drawn and saved.
constexpr size_t kMaxTranscriptBytes = 32u << 20;

// Why `text` cannot replace the saved transcript ("" when it can): empty (or only whitespace), over
// kMaxTranscriptBytes, or not text at all (BinaryKind). The message says that the saved transcript is kept.
std::string TranscriptInputProblem(std::string_view text);
// What a file's first bytes say it is when it is not text ("a PNG image", "a ZIP archive (or .docx)"; nullptr
// otherwise), looking through the U+FFFD / Latin-1 forms its bytes take when binary data arrives as a string.
const char* FileKindFromMagic(std::string_view bytes);
// What `bytes` are when they are not text: FileKindFromMagic, or "binary data" when more than 1 in 20 of the
// first 64 KB (of 256 bytes or more) are control characters no text holds (random or compressed bytes hold about 1 in 9; UTF-16 text,
// whose zero bytes are such, is text). "" for text, in any encoding the reader takes (a Windows code page too).
std::string BinaryKind(std::string_view bytes);
// The message for a text of `bytes` over kMaxTranscriptBytes ("" when it is not over): also what a paste
// refused before it reaches the text box says.
std::string TranscriptSizeProblem(size_t bytes);

// Replaces NUL and the other C0 control characters (all but tab, line feed, carriage return and form
// feed) with U+FFFD, as the parser reads them. Returns a note for the user ("" when there were none):
// how many were replaced and the line of the first. A text in UTF-16 (a file saved as "Unicode" on Windows)
// is first converted to UTF-8 (DecodeWideText), as is one in a Windows code page (DecodeSingleByteText), and the note
// says so.
std::string CleanTranscriptInput(std::string& text);
// Text in UTF-16 or UTF-32 (LE or BE), as UTF-8 in *out, with the note for the user in *note; false (nothing
// changed) when it is neither. Each is recognised by its byte order mark, or without one when its first bytes are
// ASCII characters paired with zero bytes (which UTF-8 text never holds). Unpaired surrogates become U+FFFD.
bool DecodeWideText(std::string_view in, std::string* out, std::string* note);
// Text in a single-byte code page, as UTF-8 in *out, with the note for the user (naming the code page) in *note; false
// (nothing changed) unless the text is plainly that: not valid UTF-8, with no valid multi-byte UTF-8 sequence at all,
// no NUL byte, and at least as many ASCII letters as bytes beyond ASCII (a Cyrillic or Greek code page is not Latin
// text). The code page is Windows-1252 (Western European Windows files, often called "ANSI" or Latin-1) unless the
// letters clearly say Windows-1250 or ISO-8859-2 (Central European: Polish, Czech, Slovak, Hungarian, Croatian,
// Slovenian, Romanian), told apart by which one reads the bytes as the letters of one language, without signs such
// as "³" inside words; a page that leaves a byte of the text undefined is never chosen.
bool DecodeSingleByteText(std::string_view in, std::string* out, std::string* note);
// The note for text that held `count` unpaired UTF-16 surrogates (a cut emoji in a JavaScript string),
// each replaced with U+FFFD by the page before it became UTF-8.
std::string BrokenSurrogatesNote(size_t count);
// How many U+FFFD the text holds: characters broken before the text reached the app (the clipboard of
// most systems turns a lone surrogate into one, a wrong encoding leaves them).
size_t CountReplacementCharacters(std::string_view utf8);
std::string ReplacementCharactersNote(size_t count);

}  // namespace tp
