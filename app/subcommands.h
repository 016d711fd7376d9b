#pragma once

#include <QStringList>

namespace scalelab::app {

// Exit statuses of the command line (docs/model.md): done, the run or a check failed, bad usage or
// bad input.
enum ExitStatus { kDone = 0, kFailed = 1, kBadInput = 2 };

int runCommand(const QStringList &arguments);
int analyzeCommand(const QStringList &arguments);
int exportCommand(const QStringList &arguments);
int sweepCommand(const QStringList &arguments);
int lessonCommand(const QStringList &arguments); // lesson_command.cpp
QString usage();

} // namespace scalelab::app
