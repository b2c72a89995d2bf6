#pragma once
#include <QString>
#include <QStringList>
#include <vector>

namespace ifedit::cli {

struct Command {
  const char* name;
  const char* synopsis;
  int (*run)(const QStringList& args);  // returns the process exit code
};

// Every subcommand; add one line in commands.cpp per cmd_*.cpp.
const std::vector<Command>& commands();
QString usage();

// Whether `path` names nothing (a usage error): not when it exists but may not be entered, which
// the command itself reports with the system's reason.
bool pathIsMissing(const QString& path);

}  // namespace ifedit::cli
