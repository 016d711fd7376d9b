#pragma once

#include "sim/observer.h"

#include <chrono>
#include <cstdio>

namespace scalelab::app {

// A progress bar on stderr for runs longer than a second, drawn only when stderr is a terminal:
// the command line's observer of the engine.
class ProgressBar : public sim::Observer {
public:
    ProgressBar(sim::Time end, bool enabled);
    ~ProgressBar() override;

    void onProgress(sim::Time now, std::uint64_t events) override;
    void finish();

private:
    sim::Time m_end;
    bool m_enabled;
    bool m_drawn = false;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_lastDraw;
};

} // namespace scalelab::app
