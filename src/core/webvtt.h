// WebVTT file parsing per the W3C WebVTT parser algorithm (https://w3c.github.io/webvtt/#file-parsing):
// signature, header, cue blocks with timings and settings, REGION and STYLE blocks. Cue text is kept raw
// (tags and entities are the cue-text parser's business). Checked against the web-platform-tests
// webvtt/parsing/file-parsing suite. Besides the spec's result it reports, with line numbers, every block
// the algorithm drops, so a transcript reader can tell the user what was skipped.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tp::webvtt {

struct Region {
  std::string id;
  double width = 100;          // percent
  double lines = 3;
  double region_anchor_x = 0, region_anchor_y = 100;
  double viewport_anchor_x = 0, viewport_anchor_y = 100;
  bool scroll_up = false;      // scroll setting "up" ("" otherwise)
};

struct Cue {
  std::string id;
  double start = 0, end = 0;   // seconds
  std::string text;            // raw cue text, lines joined with '\n'
  int region = -1;             // index into File::regions, -1 for none
  std::string vertical;        // "", "rl" or "lr"
  bool snap_to_lines = true;
  bool line_auto = true;
  double line = 0;             // valid when !line_auto
  std::string line_align = "start";
  bool position_auto = true;
  double position = 0;         // percent, valid when !position_auto
  std::string position_align = "auto";
  double size = 100;
  std::string align = "center";
  int timing_line = 0;         // 1-based line of the cue's timing line in the input
  bool lenient_time = false;   // timing accepted only by the lenient reading (see Options)
};

// Something the algorithm skipped or the lenient reading repaired, with the 1-based input line.
struct Issue {
  int line = 0;
  std::string message;
};

struct File {
  bool ok = false;             // false: the signature is invalid and a user agent would reject the file
  std::string signature_error; // why, when !ok
  std::string title;           // text after "WEBVTT " on the signature line
  std::vector<std::string> header_lines;   // metadata lines after the signature ("Kind: captions")
  std::vector<Cue> cues;
  std::vector<Region> regions;
  std::vector<std::string> stylesheets;    // raw CSS of STYLE blocks
  std::vector<Issue> issues;
};

struct Options {
  // Accept timestamps real exporters write that the spec rejects (Microsoft Teams' "0:0:0.210",
  // one-digit minutes, a comma before the milliseconds); each such cue gets an Issue.
  bool lenient_timestamps = false;
  // Parse the body even when the signature line is wrong ("WEBVT", "webvtt", "WEBSRT"); ok stays false.
  bool ignore_signature = false;
};

File Parse(std::string_view utf8, const Options& options = {});

// The same parse in slices, so a page keeps drawing while a large file is read: each Step looks at about
// `budget` bytes (whole blocks) and returns true once the file is read; Parse is one Step with no limit,
// so both give the same File. `utf8` must stay alive and unchanged until then.
class Reader {
 public:
  explicit Reader(std::string_view utf8, const Options& options = {});
  ~Reader();
  bool Step(size_t budget);
  double Progress() const;   // 0..1
  File Take();               // once Step returned true

 private:
  struct State;
  std::unique_ptr<State> s_;
};

// The spec's "collect a WebVTT timestamp" on a whole string (no surrounding text allowed).
bool ParseTimestamp(std::string_view s, double* seconds);

// True when the first line is (or tries to be) a WebVTT signature, valid or not: "WEBVTT", "WEBVTT - x",
// "webvtt", "WEBVT", "WEBSRT". Used to pick the format before parsing.
bool LooksLikeSignature(std::string_view first_line);

}  // namespace tp::webvtt
