// Server-sent events parser following the WHATWG EventSource spec (CR, LF and CRLF line ends, comments,
// multi-line data, a CR at the end of one chunk and an LF at the start of the next, a leading BOM), fed
// with bytes split anywhere, including inside a UTF-8 character. And an NDJSON line reader.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace tp {

struct SseEvent {
  std::string event;   // "message" when the stream names none
  std::string data;    // data lines joined with '\n'
  std::string id;
};

class SseParser {
 public:
  // Called per dispatched event, and per comment line (": keep-alive") so watchdogs can reset.
  std::function<void(const SseEvent&)> on_event;
  std::function<void(std::string_view comment)> on_comment;
  // Called per field line the spec ignores (not data, event, id or retry): servers that put an error in a field
  // of their own (llama.cpp before late 2025: "error: {…}") are heard without changing what is dispatched.
  std::function<void(std::string_view field, std::string_view value)> on_other_field;

  void Feed(std::string_view bytes);
  // End of stream: a pending event without its blank line is *not* dispatched (per the spec).
  // Returns true when such an incomplete event was dropped.
  bool Finish();

 private:
  void Line(std::string_view line);
  std::string buffer_;        // bytes of the current, unterminated line
  bool last_was_cr_ = false;  // a CR ended the last chunk: an LF that follows is part of that line end
  bool started_ = false;      // BOM check done
  SseEvent pending_;
  bool has_data_ = false;
  bool pending_fields_ = false;
};

class NdjsonReader {
 public:
  std::function<void(std::string_view line)> on_line;   // each non-empty line, without its newline
  void Feed(std::string_view bytes);
  // Delivers a last line that had no trailing newline; returns true if there was one.
  bool Finish();

 private:
  std::string buffer_;
};

}  // namespace tp
