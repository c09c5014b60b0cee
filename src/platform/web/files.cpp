// Browser implementation of the files seam on web_files.js.
#include <emscripten.h>

#include "platform/files.h"
#include "platform/web/imgui_impl_web.h"

extern "C" {
void tp_files_install(double max_bytes);
void tp_files_open();
void tp_files_download(const char* name, const char* mime, const char* data, int len);
void tp_files_copy_rich(const char* html, const char* text);
void tp_web_copy_text(const char* text);
void tp_web_open_url(const char* url);
}

namespace tp::platform {
namespace {
FileHandler g_on_file;
std::function<void(size_t bytes)> g_on_too_large;
CopyFallback g_on_plain_only;   // of the last rich copy: one is answered before the next click
}

void InstallFileHandlers(FileHandler on_file, size_t max_bytes, std::function<void(size_t bytes)> on_too_large) {
  g_on_file = std::move(on_file);
  g_on_too_large = std::move(on_too_large);
  tp_files_install((double)max_bytes);
}
void OpenFileDialog() { tp_files_open(); }
void Download(const std::string& name, const std::string& mime, std::string_view data) {
  tp_files_download(name.c_str(), mime.c_str(), data.data(), (int)data.size());
}
void CopyText(const std::string& text) { tp_web_copy_text(text.c_str()); }
void CopyRich(const std::string& html, const std::string& plain, CopyFallback on_plain_only) {
  g_on_plain_only = std::move(on_plain_only);
  tp_files_copy_rich(html.c_str(), plain.c_str());
}
void OpenUrl(const std::string& url) { tp_web_open_url(url.c_str()); }

}  // namespace tp::platform

extern "C" EMSCRIPTEN_KEEPALIVE void tp_on_file(const char* name, const char* bytes, int len) {
  if (tp::platform::g_on_file) tp::platform::g_on_file(name, std::string_view(bytes, (size_t)len));
  tp::web::RequestFrames(3);
}

// The browser refused the HTML: the plain text was copied instead (plain_ok) or nothing was.
extern "C" EMSCRIPTEN_KEEPALIVE void tp_on_file_too_large(double bytes) {
  if (tp::platform::g_on_too_large) tp::platform::g_on_too_large((size_t)bytes);
  tp::web::RequestFrames(3);
}

extern "C" EMSCRIPTEN_KEEPALIVE void tp_on_copy_plain_only(int plain_ok) {
  if (tp::platform::g_on_plain_only) tp::platform::g_on_plain_only(plain_ok != 0);
  tp::web::RequestFrames(3);
}
