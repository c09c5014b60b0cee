// Browser implementation of the frame scheduling seam (requestAnimationFrame, setTimeout).
#include "platform/frames.h"

#include "platform/web/imgui_impl_web.h"

namespace tp::platform {

void RequestFrames(int count) { web::RequestFrames(count); }
void WakeAfterMs(int ms) { web::WakeAfterMs(ms); }

}  // namespace tp::platform
