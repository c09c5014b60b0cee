// WebVTT file parser. Index: preprocessing and signature · timestamps · percentages and numbers ·
// cue settings · region settings · blocks · Parse.
// Step names in comments follow the spec's "WebVTT parser algorithm" so each rule can be checked against it.
#include "core/webvtt.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "core/text_util.h"

namespace tp::webvtt {

namespace {

constexpr size_t npos = std::string_view::npos;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
// "ASCII whitespace" of the spec: tab, LF, FF, CR, space (not vertical tab).
bool IsWs(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

double DigitsValue(std::string_view d) {
  double v = 0;
  for (char c : d) v = v * 10 + (c - '0');
  return v;
}

std::string_view CollectDigits(std::string_view s, size_t& p) {
  const size_t b = p;
  while (p < s.size() && IsDigit(s[p])) ++p;
  return s.substr(b, p - b);
}

void SkipWs(std::string_view s, size_t& p) {
  while (p < s.size() && IsWs(s[p])) ++p;
}

std::vector<std::string_view> SplitOnWs(std::string_view s) {
  std::vector<std::string_view> out;
  size_t p = 0;
  while (p < s.size()) {
    SkipWs(s, p);
    const size_t b = p;
    while (p < s.size() && !IsWs(s[p])) ++p;
    if (p > b) out.push_back(s.substr(b, p - b));
  }
  return out;
}

// ---- timestamps ----

// "Collect a WebVTT timestamp" starting at s[p]; advances p.
bool CollectTimestamp(std::string_view s, size_t& p, double* out) {
  bool hours = false;
  if (p >= s.size() || !IsDigit(s[p])) return false;
  std::string_view d = CollectDigits(s, p);
  double v1 = DigitsValue(d), v2, v3;
  if (d.size() != 2 || v1 > 59) hours = true;
  if (p >= s.size() || s[p] != ':') return false;
  ++p;
  d = CollectDigits(s, p);
  if (d.size() != 2) return false;
  v2 = DigitsValue(d);
  if (hours || (p < s.size() && s[p] == ':')) {
    if (p >= s.size() || s[p] != ':') return false;
    ++p;
    d = CollectDigits(s, p);
    if (d.size() != 2) return false;
    v3 = DigitsValue(d);
  } else {
    v3 = v2;
    v2 = v1;
    v1 = 0;
  }
  if (p >= s.size() || s[p] != '.') return false;
  ++p;
  d = CollectDigits(s, p);
  if (d.size() != 3) return false;
  if (v2 > 59 || v3 > 59) return false;
  *out = v1 * 3600 + v2 * 60 + v3 + DigitsValue(d) / 1000;
  return true;
}

// Timestamps exporters write that the spec rejects: "0:0:0.210" (Microsoft Teams), "0:01.000",
// "00:00:01,000", "00:00:01" with no fraction. Fields past the first are one or two digits, at most 59.
bool LenientTimestamp(std::string_view s, double* out) {
  size_t p = 0;
  double parts[3];
  int n = 0;
  for (;;) {
    std::string_view d = CollectDigits(s, p);
    if (d.empty() || (n > 0 && d.size() > 2) || d.size() > 9) return false;
    parts[n++] = DigitsValue(d);
    if (n > 1 && parts[n - 1] > 59) return false;
    if (p < s.size() && s[p] == ':' && n < 3) { ++p; continue; }
    break;
  }
  if (n < 2) return false;
  double frac = 0;
  if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
    ++p;
    std::string_view d = CollectDigits(s, p);
    if (d.empty() || d.size() > 3) return false;
    frac = DigitsValue(d) / (d.size() == 1 ? 10 : d.size() == 2 ? 100 : 1000);
  }
  if (p != s.size()) return false;
  *out = n == 3 ? parts[0] * 3600 + parts[1] * 60 + parts[2] + frac : parts[0] * 60 + parts[1] + frac;
  return true;
}

// ---- percentages and numbers ----

// "Parse a percentage string": digits, optional '.' and digits, '%'; 0..100.
bool ParsePercentage(std::string_view s, double* out) {
  size_t p = 0;
  if (CollectDigits(s, p).empty()) return false;
  if (p < s.size() && s[p] == '.') {
    ++p;
    if (CollectDigits(s, p).empty()) return false;
  }
  if (p + 1 != s.size() || s[p] != '%') return false;
  const double v = std::strtod(std::string(s.substr(0, p)).c_str(), nullptr);
  if (v < 0 || v > 100) return false;
  *out = v;
  return true;
}

// The line setting's number: optional leading '-', digits, at most one '.' between digits.
bool ParseLineNumber(std::string_view s, double* out) {
  int dots = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '-') { if (i != 0) return false; continue; }
    if (c == '.') {
      ++dots;
      if (i == 0 || i + 1 == s.size() || !IsDigit(s[i - 1]) || !IsDigit(s[i + 1])) return false;
      continue;
    }
    if (!IsDigit(c)) return false;
  }
  if (dots > 1) return false;
  *out = std::strtod(std::string(s).c_str(), nullptr) + 0.0;   // "-0" reads as 0
  return true;
}

// ---- cue settings ----

void ParseCueSettings(std::string_view input, const std::vector<Region>& regions, Cue& cue) {
  // The settings split on whitespace as SplitOnWs splits them, without a list per cue.
  for (size_t p = 0, b = 0; SkipWs(input, p), b = p, p < input.size();) {
    while (p < input.size() && !IsWs(input[p])) ++p;
    const std::string_view setting = input.substr(b, p - b);
    const size_t colon = setting.find(':');
    if (colon == npos || colon == 0 || colon + 1 == setting.size()) continue;
    const std::string_view name = setting.substr(0, colon), value = setting.substr(colon + 1);
    if (name == "region") {
      cue.region = -1;
      for (size_t i = regions.size(); i-- > 0;)
        if (regions[i].id == value) { cue.region = (int)i; break; }
    } else if (name == "vertical") {
      if (value == "rl" || value == "lr") cue.vertical = std::string(value);
      if (!cue.vertical.empty()) cue.region = -1;
    } else if (name == "line") {
      const size_t comma = value.find(',');
      const std::string_view linepos = comma == npos ? value : value.substr(0, comma);
      const bool has_align = comma != npos;
      const std::string_view linealign = has_align ? value.substr(comma + 1) : std::string_view();
      if (std::none_of(linepos.begin(), linepos.end(), IsDigit)) continue;
      double number;
      const bool percent = !linepos.empty() && linepos.back() == '%';
      if (percent) {
        if (!ParsePercentage(linepos, &number)) continue;
      } else if (!ParseLineNumber(linepos, &number)) {
        continue;
      }
      // An unknown alignment keyword leaves the alignment as it was (what the conformance suite expects).
      if (linealign == "start" || linealign == "center" || linealign == "end") cue.line_align = std::string(linealign);
      cue.line_auto = false;
      cue.line = number;
      cue.snap_to_lines = !percent;
      cue.region = -1;
    } else if (name == "position") {
      const size_t comma = value.find(',');
      const std::string_view colpos = comma == npos ? value : value.substr(0, comma);
      const std::string_view colalign = comma == npos ? std::string_view() : value.substr(comma + 1);
      double number;
      if (!ParsePercentage(colpos, &number)) continue;
      if (colalign == "line-left" || colalign == "center" || colalign == "line-right")
        cue.position_align = std::string(colalign);
      cue.position_auto = false;
      cue.position = number;
    } else if (name == "size") {
      double number;
      if (!ParsePercentage(value, &number)) continue;
      cue.size = number;
      if (number != 100) cue.region = -1;
    } else if (name == "align") {
      if (value == "start" || value == "center" || value == "end" || value == "left" || value == "right")
        cue.align = std::string(value);
    }
  }
}

// "Collect WebVTT cue timings and settings" from a line containing "-->".
enum class TimingResult { Invalid, Strict, Lenient };
TimingResult ParseTimingLine(std::string_view line, const std::vector<Region>& regions, bool lenient, Cue& cue) {
  size_t p = 0;
  SkipWs(line, p);
  bool ok = CollectTimestamp(line, p, &cue.start);
  if (ok) {
    SkipWs(line, p);
    ok = p + 3 <= line.size() && line.compare(p, 3, "-->") == 0;
    if (ok) {
      p += 3;
      SkipWs(line, p);
      ok = CollectTimestamp(line, p, &cue.end);
    }
  }
  if (ok) {
    ParseCueSettings(line.substr(p), regions, cue);
    return TimingResult::Strict;
  }
  if (!lenient) return TimingResult::Invalid;
  // Lenient: "<start> --> <end> [settings]" with the arrow surrounded by whitespace or not.
  const size_t arrow = line.find("-->");
  if (arrow == npos) return TimingResult::Invalid;
  std::string_view a = line.substr(0, arrow), rest = line.substr(arrow + 3);
  size_t q = 0;
  SkipWs(a, q);
  a = a.substr(q);
  while (!a.empty() && IsWs(a.back())) a.remove_suffix(1);
  q = 0;
  SkipWs(rest, q);
  size_t e = q;
  while (e < rest.size() && !IsWs(rest[e])) ++e;
  if (!LenientTimestamp(a, &cue.start) || !LenientTimestamp(rest.substr(q, e - q), &cue.end)) return TimingResult::Invalid;
  ParseCueSettings(rest.substr(e), regions, cue);
  return TimingResult::Lenient;
}

// ---- region settings ----

void ParseRegionSettings(std::string_view input, Region& r) {
  for (std::string_view setting : SplitOnWs(input)) {
    const size_t colon = setting.find(':');
    if (colon == npos || colon == 0 || colon + 1 == setting.size()) continue;
    const std::string_view name = setting.substr(0, colon), value = setting.substr(colon + 1);
    double x, y;
    if (name == "id") {
      if (value.find("-->") == npos) r.id = std::string(value);
    } else if (name == "width") {
      if (ParsePercentage(value, &x)) r.width = x;
    } else if (name == "lines") {
      if (std::all_of(value.begin(), value.end(), IsDigit)) r.lines = DigitsValue(value);
    } else if (name == "regionanchor" || name == "viewportanchor") {
      const size_t comma = value.find(',');
      if (comma == npos) continue;
      if (!ParsePercentage(value.substr(0, comma), &x) || !ParsePercentage(value.substr(comma + 1), &y)) continue;
      if (name == "regionanchor") { r.region_anchor_x = x; r.region_anchor_y = y; }
      else { r.viewport_anchor_x = x; r.viewport_anchor_y = y; }
    } else if (name == "scroll") {
      if (value == "up") r.scroll_up = true;
    }
  }
}

// "STYLE" / "REGION" followed only by ASCII whitespace.
bool IsBlockKeyword(std::string_view buffer, std::string_view keyword) {
  if (buffer.compare(0, keyword.size(), keyword) != 0 || buffer.size() < keyword.size()) return false;
  for (size_t i = keyword.size(); i < buffer.size(); ++i)
    if (!IsWs(buffer[i])) return false;
  return true;
}

bool IsNoteBlock(std::string_view buffer) {
  return buffer.compare(0, 4, "NOTE") == 0 && (buffer.size() == 4 || buffer[4] == ' ' || buffer[4] == '\t' || buffer[4] == '\n');
}

std::string Preview(std::string_view s) {
  std::string out(s.substr(0, std::min<size_t>(s.size(), 60)));
  for (char& c : out) if (c == '\n') c = ' ';
  if (s.size() > 60) {
    while (!out.empty() && ((unsigned char)out.back() & 0xC0) == 0x80) out.pop_back();   // whole code points
    if (!out.empty() && (unsigned char)out.back() >= 0xC0) out.pop_back();
    out += "\xE2\x80\xA6";
  }
  return out;
}

// ---- blocks ----

struct Parser {
  std::string_view in;
  size_t pos = 0;
  bool seen_cue = false;
  Options options;
  File* file = nullptr;
  std::vector<size_t> line_starts;

  int LineAt(size_t p) const {
    return (int)(std::upper_bound(line_starts.begin(), line_starts.end(), p) - line_starts.begin());
  }
  std::string_view CollectLine() {
    size_t e = text::FindByte(in, '\n', pos);
    if (e == npos) e = in.size();
    std::string_view line = in.substr(pos, e - pos);
    pos = e;
    return line;
  }
  void Issue(int line, std::string message) { file->issues.push_back({line, std::move(message)}); }

  // "Collect a WebVTT block". Cues, style sheets and regions go straight into the file; the header's
  // text is returned through `header`.
  void CollectBlock(bool in_header, std::string* header) {
    int line_count = 0;
    size_t previous_position = pos;
    const size_t block_start = pos;
    std::string buffer;
    bool seen_eof = false, seen_arrow = false;
    bool have_cue = false, have_style = false, have_region = false;
    Cue cue;
    Region region;
    int bad_timing_line = 0;
    std::string bad_timing;
    for (;;) {
      const size_t line_pos = pos;
      std::string_view line = CollectLine();
      ++line_count;
      if (pos >= in.size()) seen_eof = true;
      else ++pos;   // the LF
      if (line.find("-->") != npos) {
        if (!in_header && (line_count == 1 || (line_count == 2 && !seen_arrow))) {
          seen_arrow = true;
          previous_position = pos;
          cue = Cue();
          cue.id = buffer;
          cue.timing_line = LineAt(line_pos);
          const TimingResult r = ParseTimingLine(line, file->regions, options.lenient_timestamps, cue);
          if (r == TimingResult::Invalid) {
            have_cue = false;
            bad_timing_line = cue.timing_line;
            bad_timing = std::string(line);
          } else {
            have_cue = true;
            cue.lenient_time = r == TimingResult::Lenient;
            buffer.clear();
            seen_cue = true;
          }
        } else {
          pos = previous_position;
          break;
        }
      } else if (line.empty()) {
        break;
      } else {
        if (!in_header && line_count == 2) {
          if (!seen_cue && IsBlockKeyword(buffer, "STYLE")) {
            have_style = true;
            buffer.clear();
          } else if (!seen_cue && IsBlockKeyword(buffer, "REGION")) {
            have_region = true;
            region = Region();
            buffer.clear();
          }
        }
        if (!buffer.empty()) buffer += '\n';
        buffer.append(line.data(), line.size());
        previous_position = pos;
      }
      if (seen_eof) break;
    }
    // Finish.
    if (have_cue) {
      cue.text = std::move(buffer);
      if (cue.lenient_time)
        Issue(cue.timing_line, "the cue time is not standard WebVTT; it was read leniently");
      file->cues.push_back(std::move(cue));
      return;
    }
    if (have_style) { file->stylesheets.push_back(std::move(buffer)); return; }
    if (have_region) {
      ParseRegionSettings(buffer, region);
      file->regions.push_back(std::move(region));
      return;
    }
    if (in_header) {
      if (header) *header = std::move(buffer);
      return;
    }
    if (bad_timing_line) {
      Issue(bad_timing_line, "\xE2\x80\x9C" + Preview(bad_timing) + "\xE2\x80\x9D is not a valid cue timing; the cue" +
                                 (buffer.empty() ? std::string() : " \xE2\x80\x9C" + Preview(buffer) + "\xE2\x80\x9D") +
                                 " was skipped");
      return;
    }
    if (buffer.empty() || IsNoteBlock(buffer)) return;
    const int line = LineAt(block_start);
    if (seen_cue && (IsBlockKeyword(buffer.substr(0, std::min(buffer.find('\n'), buffer.size())), "STYLE") ||
                     IsBlockKeyword(buffer.substr(0, std::min(buffer.find('\n'), buffer.size())), "REGION")))
      Issue(line, "a STYLE or REGION block after the first cue is ignored");
    else
      Issue(line, "text outside any cue was ignored: \xE2\x80\x9C" + Preview(buffer) + "\xE2\x80\x9D");
  }
};

// Input preprocessing: one BOM removed, NUL -> U+FFFD, CRLF and CR -> LF. Resumable: each call handles the
// input up to `end` (a CRLF across `end` is handled whole), keeping its place in *i and *copied.
void PreprocessUpTo(std::string_view s, size_t end, size_t* i, size_t* copied, std::string* out) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  auto has_zero = [](uint64_t x) { return ((x - kOnes) & ~x & kHigh) != 0; };
  for (; *i < end; ++*i) {
    // Runs without NUL or CR, eight bytes at a time.
    while (*i + 8 <= end) {
      uint64_t w;
      std::memcpy(&w, p + *i, 8);
      if (has_zero(w) || has_zero(w ^ (kOnes * '\r'))) break;
      *i += 8;
    }
    if (*i >= end) break;
    const char c = s[*i];
    if (c != '\0' && c != '\r') continue;
    out->append(s.data() + *copied, *i - *copied);   // the run since the last change, whole
    if (c == '\0') *out += "\xEF\xBF\xBD";
    else {
      *out += '\n';
      if (*i + 1 < s.size() && s[*i + 1] == '\n') ++*i;
    }
    *copied = *i + 1;
  }
  if (*i >= s.size()) out->append(s.data() + *copied, s.size() - *copied);
  else if (*copied < *i) { out->append(s.data() + *copied, *i - *copied); *copied = *i; }
}

}  // namespace

bool ParseTimestamp(std::string_view s, double* seconds) {
  size_t p = 0;
  return CollectTimestamp(s, p, seconds) && p == s.size();
}

bool LooksLikeSignature(std::string_view line) {
  if (line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.remove_prefix(3);
  std::string head;
  for (size_t i = 0; i < line.size() && i < 6; ++i) head += (char)((line[i] >= 'a' && line[i] <= 'z') ? line[i] - 32 : line[i]);
  return head.compare(0, 5, "WEBVT") == 0 || head.compare(0, 6, "WEBSRT") == 0;
}

// Phases: preprocess the input, index its lines, read the signature and header, then the blocks.
struct Reader::State {
  enum Phase { kPreprocess, kLines, kHeader, kBlocks, kDone };
  Phase phase = kPreprocess;
  std::string_view input;   // without its BOM
  Options options;
  size_t i = 0, copied = 0;
  std::string in;           // preprocessed
  File f;
  Parser p;

  // The signature and the header block. Returns false when the file ends there.
  bool Header() {
    // Signature: "WEBVTT" alone or followed by a space, tab or line feed.
    const bool ok = in.size() >= 6 && in.compare(0, 6, "WEBVTT") == 0 && (in.size() == 6 || in[6] == ' ' || in[6] == '\t' || in[6] == '\n');
    if (!ok) {
      const size_t e = std::min(in.find('\n'), in.size());
      f.signature_error = in.empty() ? "the file is empty"
                                     : "the first line \xE2\x80\x9C" + Preview(std::string_view(in).substr(0, e)) +
                                           "\xE2\x80\x9D is not the WebVTT signature \xE2\x80\x9CWEBVTT\xE2\x80\x9D";
      if (!options.ignore_signature) return false;
    }
    f.ok = ok;
    const bool skip_signature_line = ok || LooksLikeSignature(std::string_view(in).substr(0, std::min(in.find('\n'), in.size())));
    if (!skip_signature_line) return true;
    std::string_view sig = p.CollectLine();
    if (ok) {
      sig.remove_prefix(6);
      size_t q = 0;
      SkipWs(sig, q);
      if (q < sig.size() && sig[q] == '-') { ++q; SkipWs(sig, q); }
      f.title = std::string(sig.substr(q));
    }
    if (p.pos >= in.size()) return false;
    ++p.pos;   // the LF
    std::string header;
    p.CollectBlock(true, &header);
    size_t start = 0;
    while (start < header.size()) {
      size_t e = std::min(header.find('\n', start), header.size());
      if (e > start) f.header_lines.push_back(header.substr(start, e - start));
      start = e + 1;
    }
    return true;
  }
};

Reader::Reader(std::string_view utf8, const Options& options) : s_(std::make_unique<State>()) {
  if (utf8.size() >= 3 && utf8.compare(0, 3, "\xEF\xBB\xBF") == 0) utf8.remove_prefix(3);
  s_->input = utf8;
  s_->options = options;
  s_->in.reserve(utf8.size());
}
Reader::~Reader() = default;

bool Reader::Step(size_t budget) {
  State& st = *s_;
  size_t used = 0;
  while (st.phase != State::kDone && used < budget) {
    const size_t left = budget - used;
    switch (st.phase) {
      case State::kPreprocess: {
        const size_t before = st.i;
        PreprocessUpTo(st.input, st.i + std::min(left, st.input.size() - st.i), &st.i, &st.copied, &st.in);
        used += st.i - before + 1;
        if (st.i >= st.input.size()) {
          st.p.in = st.in;
          st.p.options = st.options;
          st.p.file = &st.f;
          st.p.line_starts.push_back(0);
          st.i = 0;
          st.phase = State::kLines;
        }
        break;
      }
      case State::kLines: {
        // Line starts up to the slice's end (at least one line).
        const std::string_view in = st.in;
        const size_t end = st.i + std::min(left, in.size() - st.i);
        size_t k = st.i;
        for (k = text::FindByte(in, '\n', st.i); k != std::string_view::npos && k < end; k = text::FindByte(in, '\n', k + 1))
          st.p.line_starts.push_back(k + 1);
        used += (k == std::string_view::npos ? in.size() : k) - st.i + 1;
        if (k == std::string_view::npos) {
          st.phase = State::kHeader;
          st.f.cues.reserve(st.p.line_starts.size() / 3);   // a cue takes at least a timing line, a text line, a blank one
        }
        else { st.p.line_starts.push_back(k + 1); st.i = k + 1; }
        break;
      }
      case State::kHeader:
        st.phase = st.Header() ? State::kBlocks : State::kDone;
        used += st.p.pos + 1;
        break;
      case State::kBlocks: {
        const size_t before = st.p.pos;
        while (st.p.pos < st.in.size() && st.p.pos - before < left) {
          st.p.CollectBlock(false, nullptr);
          while (st.p.pos < st.in.size() && st.in[st.p.pos] == '\n') ++st.p.pos;
        }
        used += st.p.pos - before + 1;
        if (st.p.pos >= st.in.size()) st.phase = State::kDone;
        break;
      }
      case State::kDone: break;
    }
  }
  return st.phase == State::kDone;
}

double Reader::Progress() const {
  // Tenths of the work: preprocessing 2, line starts 1, blocks 7 (each fraction counted in its own text).
  const State& st = *s_;
  auto part = [](size_t done, size_t of) { return of == 0 ? 1.0 : std::min(1.0, (double)done / (double)of); };
  switch (st.phase) {
    case State::kPreprocess: return 2 * part(st.i, st.input.size()) / 10;
    case State::kLines: return (2 + part(st.i, st.in.size())) / 10;
    case State::kHeader: return 3.0 / 10;
    case State::kBlocks: return (3 + 7 * part(st.p.pos, st.in.size())) / 10;
    case State::kDone: break;
  }
  return 1;
}

File Reader::Take() { return std::move(s_->f); }

File Parse(std::string_view input, const Options& options) {
  Reader r(input, options);
  r.Step(SIZE_MAX);
  return r.Take();
}

}  // namespace tp::webvtt
