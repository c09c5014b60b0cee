// Files seam: opening transcripts (dialog or drag-and-drop) and saving generated files.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace tp::platform {

using FileHandler = std::function<void(const std::string& name, std::string_view bytes)>;
// Drops and the dialog both arrive at `on_file`. A file over `max_bytes` is not read (bringing 50 MB into
// the page would itself block it): `on_too_large` gets its size instead.
void InstallFileHandlers(FileHandler on_file, size_t max_bytes, std::function<void(size_t bytes)> on_too_large);
void OpenFileDialog();                           // call from a click (user gesture)
void Download(const std::string& name, const std::string& mime, std::string_view data);
void CopyText(const std::string& text);          // plain text to the OS clipboard
// HTML with its plain text. When the browser refuses the HTML, the plain text is copied instead and
// `on_plain_only` says so (later, from the clipboard's answer): plain_copied is false when even that failed.
using CopyFallback = std::function<void(bool plain_copied)>;
void CopyRich(const std::string& html, const std::string& plain, CopyFallback on_plain_only = {});
// Opens an http(s)/mailto link in a new tab (others are refused: model output is untrusted).
void OpenUrl(const std::string& url);

}  // namespace tp::platform
