// Benchmark: parse + chunk a 1 MB transcript (target <= 10 ms), in several formats. Prints figures;
// asserts nothing. Built natively (preset bench) and, for the wasm figure, with emcc (scripts/bench.sh).
//   bench_transcript [name]            parse + chunk of 1 MB per format (only those whose name contains `name`)
//   bench_transcript --steps [name]    20 MB read in the app's 96 KB steps: the longest step per format
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "core/transcript.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#endif

namespace {
// CPU time of this process in ms: under Node, clock() is wall time, so the figure comes from
// process.cpuUsage() (the steadier one on a shared machine).
double CpuMs() {
#ifdef __EMSCRIPTEN__
  return EM_ASM_DOUBLE({
    if (typeof process === 'undefined' || !process.cpuUsage) return Date.now();
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  });
#else
  return 1000.0 * (double)std::clock() / CLOCKS_PER_SEC;
#endif
}
const char* g_only = nullptr;   // argv[1]: run only the inputs whose name contains it

std::string MakeSpeaker(size_t bytes) {
  std::string s;
  int i = 0;
  while (s.size() < bytes) {
    s += "[" + std::to_string(i / 3600) + ":" + (i / 60 % 60 < 10 ? "0" : "") + std::to_string(i / 60 % 60) + ":" +
         (i % 60 < 10 ? "0" : "") + std::to_string(i % 60) + "] ";
    s += (i % 2) ? "Daniel Okafor: " : "Maya Chen: ";
    s += "Because a model trained on last year's internet is a very good historian and a very poor reporter. "
         "If you ask it what happened this morning, it has to guess.\n";
    i += 7;
  }
  return s;
}
// SRT cues of `bytes` in all, each with the text cue_text(i) for cue i (1-based).
template <typename CueText>
std::string SrtCues(size_t bytes, CueText cue_text) {
  std::string s;
  for (int i = 1; s.size() < bytes; ++i) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%d\n00:%02d:%02d,000 --> 00:%02d:%02d,500\n", i, (i / 60) % 60, i % 60, (i / 60) % 60, i % 60);
    s += buf;
    s += cue_text(i);
    s += "\n\n";
  }
  return s;
}
std::string MakeSrt(size_t bytes) {
  return SrtCues(bytes, [](int) { return "The companies that can feed fresh information\ninto a model will build products that feel alive."; });
}
// Broadcast captions that name speakers in brackets, half of them names that read like manners ("(KELLY)"),
// with a manner inside every cue: the whole-file decision on those names (AdoptMannerLikeCueSpeakers).
std::string MakeBracketCastSrt(size_t bytes) {
  static const char* const kNames[] = {"(JOHN) ", "(KELLY) ", "(IRVING) ", "(MARY) "};
  return SrtCues(bytes, [](int i) {
    return std::string(kNames[i % 4]) +
           "The companies that can feed (mostly) fresh information\ninto a model will build products that feel alive.";
  });
}
std::string MakeVtt(size_t bytes) {
  std::string s = "WEBVTT\nKind: captions\nLanguage: en\n\n";
  int i = 1;
  while (s.size() < bytes) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%02d:%02d:%02d.000 --> %02d:%02d:%02d.500 align:start\n", i / 3600, (i / 60) % 60, i % 60,
                  i / 3600, (i / 60) % 60, i % 60);
    s += buf;
    s += (i % 2) ? "<v Maya Chen>The companies that can feed fresh information\ninto a model will build products that feel alive.\n\n"
                 : "<v Daniel Okafor>Everyone else will build encyclopedias.\n\n";
    ++i;
  }
  return s;
}
std::string MakeSbv(size_t bytes) {
  std::string s;
  int i = 0;
  while (s.size() < bytes) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%d:%02d:%02d.378,%d:%02d:%02d.100\n", i / 3600, (i / 60) % 60, i % 60, (i + 3) / 3600,
                  ((i + 3) / 60) % 60, (i + 3) % 60);
    s += buf;
    s += "A model trained on last year's internet\nis a very good historian and a very poor reporter.\n\n";
    i += 3;
  }
  return s;
}
// A mission log: "[DD:HH:MM:SS]" alone, bookkeeping lines, "SPEAKER: text" with glossary markup.
std::string MakeMission(size_t bytes) {
  std::string s;
  int i = 0;
  static const char* kWho[] = {"CDR", "CC", "CMP", "LMP"};
  while (s.size() < bytes) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "[%02d:%02d:%02d:%02d]\n", i / 86400, (i / 3600) % 24, (i / 60) % 60, i % 60);
    s += buf;
    if (i % 700 == 0) s += "_page : " + std::to_string(i / 700 + 1) + "\n";
    s += kWho[(i / 7) % 4];
    s += ": Roger. Your [glossary:LOS] time at Canary is 23 37, and we do recommend the [glossary:P52] alignment.\n\n";
    i += 7;
  }
  return s;
}
// One long line with no paragraphs (a Whisper .txt): divided into paragraph turns.
std::string MakeOneLine(size_t bytes) {
  std::string s;
  while (s.size() < bytes)
    s += "A model trained on last year's internet is a very good historian and a very poor reporter. "
         "If you ask it what happened this morning, it has to guess. ";
  return s;
}
// Pathological: brackets, markup and entities that never close (each must be looked at once, not rescanned).
std::string MakeUnclosed(size_t bytes) {
  std::string s = "Alice: ";
  while (s.size() < bytes) s += "( [glossary:x & [ <b ";
  return s;
}
// Whisper JSON: {"language": "en", "segments": [{"start": .., "end": .., "text": ..}, ...]}.
std::string MakeWhisperJson(size_t bytes) {
  std::string s = "{\"language\": \"en\", \"segments\": [";
  int i = 0;
  while (s.size() < bytes) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s\n{\"id\": %d, \"start\": %d.5, \"end\": %d.25, \"text\": \"", i ? "," : "", i, i * 4, i * 4 + 3);
    s += buf;
    s += " A model trained on last year's internet is a very good historian and a \\\"very poor\\\" reporter.\"}";
    ++i;
  }
  return s + "]}";
}
// AssemblyAI's transcript JSON: utterances with their words (the words are most of the bytes, as in the real thing).
std::string MakeAssemblyAiJson(size_t bytes) {
  std::string s = "{\"id\": \"bench\", \"status\": \"completed\", \"language_code\": \"en_us\", \"utterances\": [";
  int i = 0;
  while (s.size() < bytes) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s\n{\"speaker\": \"%c\", \"start\": %d, \"end\": %d, \"confidence\": 0.93, \"text\": ",
                  i ? "," : "", i % 2 ? 'B' : 'A', i * 4000, i * 4000 + 3500);
    s += buf;
    s += "\"A model trained on last year's internet is a very good historian.\", \"words\": [";
    for (int w = 0; w < 11; ++w) {
      std::snprintf(buf, sizeof buf, "%s{\"text\": \"word\", \"start\": %d, \"end\": %d, \"confidence\": 0.97, \"speaker\": \"%c\"}",
                    w ? ", " : "", i * 4000 + w * 300, i * 4000 + w * 300 + 250, i % 2 ? 'B' : 'A');
      s += buf;
    }
    s += "]}";
    ++i;
  }
  return s + "]}";
}
// Deepgram's response without utterances: every word under the first alternative, then its paragraphs of sentences.
std::string MakeDeepgramParagraphs(size_t bytes) {
  std::string words, paragraphs;
  char buf[200];
  for (int i = 0; words.size() + paragraphs.size() < bytes; ++i) {
    for (int w = 0; w < 11; ++w) {
      std::snprintf(buf, sizeof buf, "%s{\"word\": \"word\", \"start\": %d.%d, \"end\": %d.%d, \"confidence\": 0.97, \"speaker\": %d, "
                    "\"punctuated_word\": \"Word\"}", words.empty() ? "" : ", ", i * 4, w, i * 4, w + 1, i % 2);
      words += buf;
    }
    std::snprintf(buf, sizeof buf, "%s\n{\"speaker\": %d, \"start\": %d.0, \"end\": %d.5, \"num_words\": 11, \"sentences\": [{\"text\": ",
                  i ? "," : "", i % 2, i * 4, i * 4 + 3);
    paragraphs += buf;
    std::snprintf(buf, sizeof buf, "\"A model trained on last year's internet is a very good historian.\", \"start\": %d.0, \"end\": %d.5}]}", i * 4, i * 4 + 3);
    paragraphs += buf;
  }
  return "{\"metadata\": {\"request_id\": \"bench\", \"channels\": 1}, \"results\": {\"channels\": [{\"alternatives\": [{\"transcript\": "
         "\"A model trained on last year's internet.\", \"confidence\": 0.99, \"words\": [" + words +
         "], \"paragraphs\": {\"transcript\": \"A model.\", \"paragraphs\": [" + paragraphs + "]}}]}]}}";
}
// TTML (DFXP) captions: a <p> per cue with clock times.
std::string MakeTtml(size_t bytes) {
  std::string s = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<tt xml:lang=\"en\" xmlns=\"http://www.w3.org/ns/ttml\">\n<body><div>\n";
  int i = 0;
  while (s.size() < bytes) {
    char buf[128];
    std::snprintf(buf, sizeof buf, "<p begin=\"%02d:%02d:%02d.000\" end=\"%02d:%02d:%02d.500\">", i * 3 / 3600, i * 3 / 60 % 60,
                  i * 3 % 60, i * 3 / 3600, i * 3 / 60 % 60, i * 3 % 60 + 2);
    s += buf;
    s += "A model trained on last year's<br/>internet is a very good historian.</p>\n";
    ++i;
  }
  return s + "</div></body></tt>\n";
}
std::string MakeChinese(size_t bytes) {
  std::string s;
  while (s.size() < bytes) s += "发言人1：未来的大模型将不再局限于单一的应用场景，而是会深度嵌入到各种不同的应用中。\n发言人2：这种实时信息的整合能力非常关键。\n";
  return s;
}

void Run(const char* name, const std::string& input) {
  if (g_only && !std::strstr(name, g_only)) return;
  const int reps = 20;
  std::vector<double> ms, cpu;
  size_t turns = 0, chunks = 0;
  for (int r = 0; r < reps; ++r) {
    auto t0 = std::chrono::steady_clock::now();
    const double c0 = CpuMs();
    tp::Transcript t = tp::ParseTranscript(input);
    std::vector<tp::Chunk> c = tp::ChunkTranscript(t, 6000);
    const double c1 = CpuMs();
    auto t1 = std::chrono::steady_clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    cpu.push_back(c1 - c0);
    turns = t.turns.size();
    chunks = c.size();
  }
  std::sort(ms.begin(), ms.end());
  std::sort(cpu.begin(), cpu.end());
  // CPU time is the steadier figure on a shared machine; wall time includes waiting for a core.
  std::printf("%-20s %5.2f MB %6zu turns %3zu chunks  wall median %6.2f min %6.2f ms  cpu median %6.2f min %6.2f ms\n", name,
              input.size() / 1048576.0, turns, chunks, ms[ms.size() / 2], ms[0], cpu[cpu.size() / 2], cpu[0]);
}
// CPU time of this thread in ms (a step's own cost, whatever else the machine runs).
double ThreadCpuMs() {
#ifdef __EMSCRIPTEN__
  return CpuMs();
#else
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
#endif
}

// A 20 MB transcript read the way the app reads it (TranscriptParse::Step with 96 KB slices): the longest
// single Step is what a frame cannot split, so it bounds the page's longest task while a transcript is read.
// Figures are CPU time.
void RunSteps(const char* name, const std::string& input) {
  if (g_only && !std::strstr(name, g_only)) return;
  const size_t kStepBytes = 96u << 10;   // as src/app/app.cpp
  tp::TranscriptParse p(input);
  double total = 0, longest = 0, at = 0, progress_jump = 0;
  int steps = 0;
  double last_progress = 0;
  for (bool done = false; !done;) {
    const double c0 = ThreadCpuMs();
    done = p.Step(kStepBytes);
    const double ms = ThreadCpuMs() - c0;
    const double progress = done ? 1 : p.Progress();
    if (ms > longest) { longest = ms; at = last_progress; }
    progress_jump = std::max(progress_jump, progress - last_progress);
    last_progress = progress;
    total += ms;
    ++steps;
  }
  const tp::Transcript t = p.Take();
  const double c0 = ThreadCpuMs();
  const int tokens = tp::TranscriptTokens(t);
  const double tokens_ms = ThreadCpuMs() - c0;
  std::printf("%-20s %5.2f MB %7zu turns  %4d steps in %7.1f ms  longest step %6.1f ms (from %3.0f%%)  largest progress step %3.0f%%"
              "  TranscriptTokens %5.1f ms (%d)\n",
              name, input.size() / 1048576.0, t.turns.size(), steps, total, longest, at * 100, progress_jump * 100, tokens_ms, tokens);
}
}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) g_only = argv[1];
  std::printf("parse + chunk (6000-token chunks), 20 runs each\n");
  Run("speaker+timestamps", MakeSpeaker(1 << 20));
  Run("srt", MakeSrt(1 << 20));
  Run("srt, bracket cast", MakeBracketCastSrt(1 << 20));
  Run("chinese speaker", MakeChinese(1 << 20));
  Run("webvtt", MakeVtt(1 << 20));
  Run("sbv", MakeSbv(1 << 20));
  Run("mission log", MakeMission(1 << 20));
  Run("one long line", MakeOneLine(1 << 20));
  Run("unclosed brackets", MakeUnclosed(1 << 20));
  Run("whisper json", MakeWhisperJson(1 << 20));
  Run("assemblyai json", MakeAssemblyAiJson(1 << 20));
  Run("ttml", MakeTtml(1 << 20));
  Run("deepgram paragraphs", MakeDeepgramParagraphs(1 << 20));
  if (g_only && std::strcmp(g_only, "--steps") == 0) g_only = argc > 2 ? argv[2] : nullptr;
  else return 0;
  std::printf("\n20 MB read in 96 KB steps (as the app reads it)\n");
  RunSteps("speaker+timestamps", MakeSpeaker(20 << 20));
  RunSteps("srt", MakeSrt(20 << 20));
  RunSteps("srt, bracket cast", MakeBracketCastSrt(20 << 20));
  RunSteps("chinese speaker", MakeChinese(20 << 20));
  RunSteps("webvtt", MakeVtt(20 << 20));
  RunSteps("sbv", MakeSbv(20 << 20));
  RunSteps("mission log", MakeMission(20 << 20));
  RunSteps("one long line", MakeOneLine(20 << 20));
  RunSteps("unclosed brackets", MakeUnclosed(20 << 20));
  RunSteps("whisper json", MakeWhisperJson(20 << 20));
  RunSteps("assemblyai json", MakeAssemblyAiJson(20 << 20));
  RunSteps("ttml", MakeTtml(20 << 20));
  RunSteps("deepgram paragraphs", MakeDeepgramParagraphs(20 << 20));
  // Document metadata: front matter, or one Markdown heading anywhere, makes the whole text's lines looked at.
  RunSteps("front matter", "---\ntitle: A talk\n---\n" + MakeSpeaker(20 << 20));
  std::string heading = MakeSpeaker(20 << 20);
  heading.insert(heading.find('\n', heading.size() / 2) + 1, "## Part two\n");
  RunSteps("one heading", heading);
  return 0;
}
