// What each panel's fields mean, in the words a first-time user needs, and the "?" button that shows it.
#pragma once

namespace tp::ui {

extern const char* const kTranscriptHelp;
extern const char* const kStructureHelp;
extern const char* const kModelHelp;
extern const char* const kArticleHelp;
extern const char* const kChecksHelp;
extern const char* const kGlossaryHelp;
extern const char* const kKeyboardHelp;

// A small "?" button; a click opens a popup with `text` (Esc or a click outside closes it).
void HelpButton(const char* id, const char* text);
// The popup alone, for a button drawn elsewhere (a tab bar's trailing button).
void OpenHelp(const char* id);
void HelpPopup(const char* id, const char* text);

}  // namespace tp::ui
