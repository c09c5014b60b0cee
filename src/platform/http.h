// HTTP + timer seam of the platform. Core code talks to these interfaces (core/llm_call.h); the
// browser implementation is fetch() with a streamed body (platform/web/web_http.js), the native one a
// scripted transport with virtual time (platform/native/scripted_transport.h).
#pragma once

#include "core/llm_call.h"

namespace tp::platform {

Transport& HttpTransport();
Scheduler& Timers();

}  // namespace tp::platform
