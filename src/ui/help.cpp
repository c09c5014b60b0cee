#include "ui/help.h"

#include <algorithm>
#include <string>

#include "imgui.h"
#include "ui/item_registry.h"

namespace tp::ui {

const char* const kTranscriptHelp =
    "Transcript: paste it (Ctrl/Cmd+V), drop a file or open one (.txt .md .srt .vtt .json). "
    "\"Load sample\" fills a short interview to try the app.\n\n"
    "Title and source URL: shown in the article and used to name downloads; the source link ends the article.\n"
    "Format: how the text is read (plain lines \"Name: words\", subtitles, JSON); Auto guesses it.\n"
    "Remove noise: drops [Music], (laughs) and similar marks.\n"
    "Speakers: rename \"Speaker 1\" to a real name and give a role; the article uses these names.\n"
    "The summary shows turns, duration, language and the estimated tokens and cost.";
const char* const kStructureHelp =
    "Preset: a ready structure (WeChat long read in Chinese, English blog post, newsletter, show notes...). "
    "Every field can be changed; save your own preset.\n\n"
    "Language: the article's language, named to the model. Title style and emoji: how the title reads.\n"
    "Lead: a 2-4 sentence hook under the title. Highlights: concrete facts as bullets.\n"
    "Sections: how many body sections, or your own headings; their length in characters or words.\n"
    "Dialogue: the conversation itself, off, cleaned or translated, as paragraphs or a code block.\n"
    "Timestamps, source link, tone, audience and free instructions shape the writing.\n"
    "The skeleton shows the headings the article will have before anything is sent.";
const char* const kModelHelp =
    "Provider: where the article is written. With no key the built-in offline draft writes one from the "
    "transcript's own sentences, free and on this device.\n\n"
    "Base URL: the provider's address (local servers such as Ollama too). API key: sent only to that "
    "address; \"remember on this device\" keeps it for that address only.\n"
    "Model: its context window and price come from a shipped catalog. Test connection lists the models.\n"
    "Parallel requests: how many steps run at once; fewer avoids rate limits.";
const char* const kArticleHelp =
    "Generate article (Ctrl/Cmd+Enter) writes the article step by step; each part appears in place as it "
    "is written. Cancel (Esc) stops; finished steps are kept and Generate continues.\n\n"
    "A failed step shows why and a Retry button that runs it alone with the current settings.\n"
    "Preview shows the article; Markdown edits it. Undo (Ctrl/Cmd+Z) brings back the article before a "
    "generate, regenerate or glossary correction.\n"
    "Regenerate section: write one body section again (number from 1), optionally with an instruction; "
    "your edits elsewhere are kept.\n"
    "Copy Markdown, Copy rich text (for WeChat, Notion, Docs), Download .md / .html.\n"
    "In the preview: click selects a paragraph, double-click a word, drag several paragraphs, Ctrl/Cmd+A "
    "all, Ctrl/Cmd+C copies.";
const char* const kChecksHelp =
    "Every quote, number and name in the article is looked up in the transcript; the structure is "
    "compared with the spec; repeated or empty sections and text in the wrong language are flagged.\n\n"
    "Error: something is wrong (an invented quote, a number not said). Check: worth a look. Note: for "
    "information.\n"
    "Click a finding to scroll the article to it and to read the source turns it concerns beside it.\n"
    "The strip is the transcript from start to end: green used by the article, grey left out as small "
    "talk or ads, red substantive and used by no section.\n"
    "The checks run again after you edit the Markdown.";
const char* const kGlossaryHelp =
    "The names and terms the model fixed for this article, with how the article writes them.\n\n"
    "Change a rendering and press Apply: the article is re-assembled with it everywhere it is used "
    "(Ctrl/Cmd+Z undoes it). A correction of a misheard word (\"Grok\" to \"Groq\") also fixes it in "
    "the dialogue. Add an entry for a name the model missed.";
const char* const kKeyboardHelp =
    "Ctrl/Cmd+Enter  generate\n"
    "Esc  cancel the run\n"
    "Ctrl/Cmd+Z  undo the last article replacement\n"
    "Tab / Shift+Tab  move between fields; Space or Enter presses the focused button\n"
    "Ctrl/Cmd+A, Ctrl/Cmd+C  select all and copy in the preview\n"
    "Double-click  select a word in the preview (in Chinese and Japanese: the characters up to punctuation)\n"
    "F1  this list";

void OpenHelp(const char* id) { ImGui::OpenPopup((std::string("help.") + id).c_str()); }

void HelpPopup(const char* id, const char* text) {
  const std::string popup = std::string("help.") + id;
  ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(ImGui::GetFontSize() * 34, ImGui::GetMainViewport()->WorkSize.y * 0.8f));
  if (ImGui::BeginPopup(popup.c_str())) {
    const ImVec2 at = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    TrackRect("help.popup", at.x, at.y, size.x, size.y);   // the popup itself (it has no title bar item)
    ImGui::PushTextWrapPos(std::min(ImGui::GetFontSize() * 32, ImGui::GetMainViewport()->WorkSize.x - 40));
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndPopup();
  }
}

void HelpButton(const char* id, const char* text) {
  ImGui::PushID(id);
  if (ImGui::SmallButton("?")) OpenHelp(id);
  ImGui::PopID();
  TrackItem((std::string("help.") + id).c_str());
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_DelayNormal)) ImGui::SetTooltip("What these fields mean");
  ImGui::PushID(id);
  HelpPopup(id, text);
  ImGui::PopID();
}

}  // namespace tp::ui
