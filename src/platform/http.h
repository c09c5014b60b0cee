// HTTP + timer seam of the platform. Core code talks to these interfaces (core/llm_call.h); the
// browser implementation is fetch() with a streamed body (platform/web/web_http.js), the native one a
// scripted transport with virtual time (platform/native/scripted_transport.h).
#pragma once

#include <string>

#include "core/llm_call.h"

namespace tp::platform {

Transport& HttpTransport();
Scheduler& Timers();

// The provider the user chose: until the page reloads with it saved, the page may connect only to this
// origin (and this machine), not to any https destination as before a choice. The first choice holds
// until that reload; nothing happens once a provider was saved, for "", or where there is no page policy.
void ChooseConnectionOrigin(const std::string& origin);

}  // namespace tp::platform
