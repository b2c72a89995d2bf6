// ifedit-cli: the headless entry point. Each subcommand lives in its own file (cmd_*.cpp) and is
// listed in the table below.
#include <QCoreApplication>
#include <QStringList>
#include <clocale>
#include <cstdio>

#include "app/cli/commands.h"

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  // Qt set the C locale from the environment: numbers printed for scripts (sizes, errors) keep a
  // decimal point whatever the user's language.
  std::setlocale(LC_NUMERIC, "C");
  QCoreApplication::setApplicationName(QStringLiteral("ifedit-cli"));
  QCoreApplication::setApplicationVersion(QStringLiteral(IFEDIT_VERSION));
  QStringList args = QCoreApplication::arguments().mid(1);
  if (args.isEmpty() || args.first() == QLatin1String("--help") || args.first() == QLatin1String("-h")) {
    std::fputs(ifedit::cli::usage().toUtf8().constData(), args.isEmpty() ? stderr : stdout);
    return args.isEmpty() ? 2 : 0;
  }
  if (args.first() == QLatin1String("--version")) {
    std::printf("ifedit-cli %s\n", IFEDIT_VERSION);
    return 0;
  }
  const QString name = args.takeFirst();
  for (const auto& cmd : ifedit::cli::commands()) {
    if (name == QLatin1String(cmd.name)) return cmd.run(args);
  }
  std::fprintf(stderr, "ifedit-cli: unknown command '%s' (see --help)\n", name.toUtf8().constData());
  return 2;
}
