// Transcript model and ingestion: whatever a user pastes or drops becomes a list of turns with
// stable ids, a speaker roster, metadata and warnings the UI can show.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tp {

// SpeechApiJson: the JSON of speech-to-text services and tools other than Whisper's (AssemblyAI, Deepgram,
// Rev.ai, whisper.cpp, Hugging Face pipelines, OpenAI's word-level verbose_json). XmlCaptions: TTML/DFXP
// (Netflix, Premiere, Final Cut, YouTube's ttml) and YouTube's timedtext XML (srv1, srv3).
enum class TranscriptFormat { Auto, Plain, Speaker, Timestamped, Srt, Vtt, Podcasting20Json, WhisperJson, Sbv, SpeechApiJson, XmlCaptions };
constexpr TranscriptFormat kLastTranscriptFormat = TranscriptFormat::XmlCaptions;
const char* FormatName(TranscriptFormat f);               // "srt", "vtt", ...
bool FormatFromName(std::string_view name, TranscriptFormat* out);

struct Turn {
  int id = 0;                 // stable: 1-based position in the parsed transcript; later steps cite it as T<id>
  std::string speaker;        // speaker label as written in the source ("" when unknown)
  double start = -1;          // seconds; -1 when the source has no time
  double end = -1;
  std::string text;
  int source_line = 0;        // 1-based input line where the turn's text starts (0 when unknown)
};

struct Speaker {
  std::string label;          // as written in the transcript
  std::string name;           // display name the user chose (defaults to label)
  std::string role;           // "host", "guest" or ""
  int turns = 0;
  // Other labels the source used for the same person, e.g. "Host" for "Gary Jordan (Host)"; their turns
  // carry `label`. The roster shows them so the user can see the merge.
  std::vector<std::string> aliases;
};

struct TranscriptMeta {
  std::string title;
  std::string source_url;
  std::string language;       // "zh", "ja", "ko", "en", "und" (detected unless given)
  double duration_sec = 0;
  std::string date;           // from front matter ("date:", "Recorded:") when present
  // Everything else the source stated about itself rather than said: front matter keys, Markdown headings
  // ("heading"), archive page/tape markers ("page": "1-14"), WebVTT header lines. In source order.
  std::vector<std::pair<std::string, std::string>> fields;
};

struct ParseOptions {
  TranscriptFormat format = TranscriptFormat::Auto;  // force a format instead of detecting it
  bool remove_noise = false;                         // drop [Music], (laughs) and similar
};

struct Transcript {
  TranscriptFormat format = TranscriptFormat::Plain;
  std::vector<Turn> turns;
  std::vector<Speaker> speakers;
  TranscriptMeta meta;
  std::vector<std::string> warnings;
  int noise_marks = 0;        // bracketed noise found (kept or removed per options)

  const Speaker* FindSpeaker(std::string_view label) const;
  // The name every later step uses for a turn's speaker.
  std::string DisplayName(std::string_view label) const;
  // Renames a speaker (and sets the role); false when no speaker has that label.
  bool RenameSpeaker(std::string_view label, std::string_view name, std::string_view role);
  size_t TextBytes() const;
};

Transcript ParseTranscript(std::string_view input, const ParseOptions& options = {});

// The same parse spread over many calls, so a page can keep drawing (and show Progress) while a large
// transcript is read. Each Step looks at about `budget` bytes of text and returns true once the result is
// ready; ParseTranscript is one Step with no limit, so both give the same Transcript. `input` must stay
// alive and unchanged until Done.
class TranscriptParse {
 public:
  explicit TranscriptParse(std::string_view input, const ParseOptions& options = {});
  ~TranscriptParse();
  TranscriptParse(TranscriptParse&&) noexcept;
  TranscriptParse& operator=(TranscriptParse&&) noexcept;
  bool Step(size_t budget);
  bool Done() const;
  double Progress() const;   // 0..1, for "Reading transcript… 40%"
  Transcript Take();         // once Done

 private:
  struct State;
  std::unique_ptr<State> s_;
};

// ---- transcript JSON ----
// The JSON transcripts TalkPress reads (Whisper's {"language", "segments": [{"start", "end", "text",
// "speaker"}], "text"}, a bare array of segments, Podcasting 2.0's {"segments": [{"startTime", "endTime",
// "body", "speaker"}]}), scanned a slice at a time so a 20 MB export never blocks a page. It accepts exactly
// the JSON documents RFC 8259 does (as nlohmann::json's strict parser), reads a duplicated key's last value,
// and keeps of each segment only the fields above.
struct JsonSegment {
  bool object = false;        // false: the element was not an object (counted as an empty cue)
  bool podcasting = false;    // it has a "body" or "startTime" key (any value)
  // Each number field: a JSON number, or a string holding a timestamp or a number; -1 when absent or other.
  double start = -1, end = -1, start_time = -1, end_time = -1;
  std::string text, body, speaker;   // strings; an integer speaker as its digits; "" when absent or other
};
class TranscriptJsonReader {
 public:
  explicit TranscriptJsonReader(std::string_view json);   // must stay alive and unchanged until done
  ~TranscriptJsonReader();
  // Looks at about `budget` more bytes; true once the whole text is read (or found not to be JSON).
  bool Step(size_t budget);
  double Progress() const;
  bool Valid() const;         // the text is one JSON value, with only JSON whitespace around it
  int ErrorLine() const;      // when !Valid: 1-based line where the error was found (lines end at LF, CRLF, CR)
  // Valid and a transcript shape: a top-level array, or an object whose "segments" is an array.
  bool HasSegments() const;
  bool TopLevelObject() const;
  bool Podcasting() const;    // a segment has a "body" or "startTime" key: Podcasting 2.0
  const std::string* Language() const;   // top-level "language" when it is a string
  const std::string* Text() const;       // top-level "text" when it is a string
  std::vector<JsonSegment>& Segments();

 private:
  struct State;
  std::unique_ptr<State> s_;
};

// ---- timestamps ----
// Parses "1:02:03", "12:34", "00:12:34.567", "00:00:01,000", "01:02:03:04" (DD:HH:MM:SS) and a leading
// '-' (mission-style times before an event). Returns false when s is not a timestamp.
bool ParseTimestamp(std::string_view s, double* seconds);
std::string FormatTimestamp(double seconds);   // "12:34" or "1:02:03"; "" for negative "unknown" (-1)

// ---- noise ----
// True when s (including its brackets) is a non-speech mark such as "[Music]" or "(laughs)".
bool IsNoiseMark(std::string_view s);

// ---- language and tokens ----
struct ScriptCounts { size_t han = 0, kana = 0, hangul = 0, latin = 0, other = 0; };
ScriptCounts CountScripts(std::string_view utf8);
std::string DetectLanguage(std::string_view utf8);       // "zh", "ja", "ko", "en", "und"

enum class TokenizerFamily { OpenAI, Anthropic, Gemini, DeepSeekQwen };
// Conservative estimate for "will it fit?" budgeting (see the provider notes): Latin ~3.5 chars per
// token, CJK ~1 token per character (0.6 for DeepSeek/Qwen-style tokenizers).
int EstimateTokens(std::string_view utf8, TokenizerFamily family = TokenizerFamily::OpenAI);

// ---- chunking for the pipeline ----
struct Chunk {
  std::vector<int> turn_ids;  // every turn whose text (or a part of it) is in this chunk
  std::string text;           // rendered "[T12] Name (12:34): text" lines
  int tokens = 0;
  bool splits_turn = false;   // a very long turn was cut at sentence boundaries
};
// Splits at turn boundaries (sentence boundaries inside a turn longer than the budget) into chunks
// under `token_budget`. Never drops text.
std::vector<Chunk> ChunkTranscript(const Transcript& t, int token_budget,
                                   TokenizerFamily family = TokenizerFamily::OpenAI);
// One turn as the pipeline shows it to a model.
std::string RenderTurnLine(const Transcript& t, const Turn& turn);
// The transcript's size in tokens as a model reads it (every turn as its RenderTurnLine): the one estimate
// of a transcript that the parse summary, the plan, the budget and the cost all use.
int TranscriptTokens(const Transcript& t, TokenizerFamily family = TokenizerFamily::OpenAI);

}  // namespace tp
