#include "core/sse.h"

namespace tp {

void SseParser::Feed(std::string_view b) {
  if (!started_ && !b.empty()) {
    // A UTF-8 BOM may open the stream; it can itself be split across chunks.
    buffer_.append(b.data(), b.size());
    if (buffer_.size() < 3 && std::string_view("\xEF\xBB\xBF").substr(0, buffer_.size()) == buffer_) return;
    started_ = true;
    std::string first;
    first.swap(buffer_);
    if (first.compare(0, 3, "\xEF\xBB\xBF") == 0) first.erase(0, 3);
    Feed(first);
    return;
  }
  size_t i = 0;
  if (last_was_cr_ && !b.empty() && b[0] == '\n') i = 1;   // CRLF split across chunks
  last_was_cr_ = false;
  size_t start = i;
  for (; i < b.size(); ++i) {
    const char c = b[i];
    if (c != '\n' && c != '\r') continue;
    if (buffer_.empty()) Line(b.substr(start, i - start));
    else {
      buffer_.append(b.data() + start, i - start);
      Line(buffer_);
      buffer_.clear();
    }
    if (c == '\r') {
      if (i + 1 < b.size()) { if (b[i + 1] == '\n') ++i; }
      else last_was_cr_ = true;
    }
    start = i + 1;
  }
  if (start < b.size()) buffer_.append(b.data() + start, b.size() - start);
}

void SseParser::Line(std::string_view line) {
  if (line.empty()) {   // dispatch
    if (has_data_) {
      if (pending_.event.empty()) pending_.event = "message";
      if (on_event) on_event(pending_);
    }
    pending_.event.clear();
    pending_.data.clear();
    has_data_ = false;
    pending_fields_ = false;
    return;
  }
  if (line[0] == ':') {
    if (on_comment) on_comment(line.substr(1));
    return;
  }
  size_t colon = line.find(':');
  std::string_view field = line.substr(0, colon);
  std::string_view value;
  if (colon != std::string_view::npos) {
    value = line.substr(colon + 1);
    if (!value.empty() && value[0] == ' ') value.remove_prefix(1);
  }
  pending_fields_ = true;
  if (field == "data") {
    if (has_data_) pending_.data += '\n';
    pending_.data.append(value.data(), value.size());
    has_data_ = true;
  } else if (field == "event") {
    pending_.event = std::string(value);
  } else if (field == "id") {
    if (value.find('\0') == std::string_view::npos) pending_.id = std::string(value);
  } else if (field != "retry" && on_other_field) {
    on_other_field(field, value);   // ignored for dispatch, as the spec says; the caller may read it
  }
}

bool SseParser::Finish() {
  if (!buffer_.empty()) {
    // An unterminated last line still counts as a field line of the pending event.
    Line(buffer_);
    buffer_.clear();
  }
  const bool dropped = has_data_;
  pending_ = SseEvent();
  has_data_ = false;
  pending_fields_ = false;
  return dropped;
}

void NdjsonReader::Feed(std::string_view b) {
  size_t start = 0;
  for (size_t i = 0; i < b.size(); ++i) {
    if (b[i] != '\n') continue;
    std::string_view piece = b.substr(start, i - start);
    std::string line;
    if (!buffer_.empty()) { buffer_.append(piece.data(), piece.size()); line.swap(buffer_); piece = line; }
    if (!piece.empty() && piece.back() == '\r') piece.remove_suffix(1);
    if (!piece.empty() && on_line) on_line(piece);
    start = i + 1;
  }
  if (start < b.size()) buffer_.append(b.data() + start, b.size() - start);
}

bool NdjsonReader::Finish() {
  if (buffer_.empty()) return false;
  std::string line;
  line.swap(buffer_);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (!line.empty() && on_line) on_line(line);
  return true;
}

}  // namespace tp
