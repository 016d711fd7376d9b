// Plumbing the live-run tests share: the controller answers on its own thread, so a test
// processes events until what it waits for has arrived.
// Header-only: each tst_*.cpp is its own executable and includes what it needs.

#pragma once

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QThread>

namespace scalelab::testing {

// Processes events until `done` holds; false after `ms`, so that a run that never gets there
// fails its test instead of hanging it.
template <typename Pred> bool waitUntil(Pred done, int ms = 30000)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > ms)
            return false;
        // Small slices, so that the condition is checked soon after the snapshot that makes it
        // hold, and a short sleep, so that an idle wait does not spin.
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        QThread::msleep(1);
    }
    return true;
}

} // namespace scalelab::testing
