#include "app/cli/commands.h"

#include <QFile>
#include <cerrno>
#include <sys/stat.h>

namespace ifedit::cli {

int runInspect(const QStringList& args);
int runCheckFixtures(const QStringList& args);
int runRewrite(const QStringList& args);
int runEdit(const QStringList& args);
int runDevices(const QStringList& args);

const std::vector<Command>& commands() {
  static const std::vector<Command> all = {
      {"inspect", "inspect PATH            list the tensors of a checkpoint file or model folder",
       &runInspect},
      {"devices", "devices [--model DIR|demo]  the devices edits can run on (cpu, cuda:N), what auto picks, and where a model's weights would live on each",
       &runDevices},
      {"check-fixtures", "check-fixtures DIR [--only GROUPS] [--device D] [--bf16]  compare the engine with a fixture folder (groups: dit,vae,t5,scheduler,cond,e2e,weights)", &runCheckFixtures},
      {"rewrite", "rewrite --image F --instruction T [--endpoint URL --model M]  write the evolution prompt", &runRewrite},
      {"edit", "edit --model DIR|demo --image F --instruction T --out OUT.png [...]  run one whole edit", &runEdit},
  };
  return all;
}

bool pathIsMissing(const QString& path) {
  struct stat st {};
  if (::stat(QFile::encodeName(path).constData(), &st) == 0) return false;
  return errno == ENOENT || errno == ENOTDIR;
}

QString usage() {
  QString text = QStringLiteral("usage: ifedit-cli [--version] COMMAND [ARGS]\n\ncommands:\n");
  for (const auto& c : commands()) text += QStringLiteral("  %1\n").arg(QLatin1String(c.synopsis));
  return text;
}

}  // namespace ifedit::cli
