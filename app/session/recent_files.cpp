#include "app/session/recent_files.h"

#include <QFileInfo>
#include <QSettings>

namespace ifedit::app {
namespace {

const char* const kKey = "recentFiles";

}  // namespace

RecentFiles::RecentFiles(QObject* parent) : QObject(parent) {}

QStringList RecentFiles::load() const { return QSettings().value(QLatin1String(kKey)).toStringList(); }

void RecentFiles::save(const QStringList& files) {
  QSettings settings;
  settings.setValue(QLatin1String(kKey), files);
  settings.sync();
  Q_EMIT changed();
}

QStringList RecentFiles::files() const {
  QStringList out;
  for (const QString& f : load())
    if (QFileInfo(f).isFile()) out << f;
  return out;
}

void RecentFiles::add(const QString& path) {
  if (path.isEmpty()) return;
  const QString absolute = QFileInfo(path).absoluteFilePath();
  // One entry per file, however it was reached (a symlink, a linked folder): the latest spelling.
  const QString real = QFileInfo(absolute).canonicalFilePath();
  QStringList files = load();
  files.removeIf([&](const QString& f) {
    return f == absolute || (!real.isEmpty() && QFileInfo(f).canonicalFilePath() == real);
  });
  files.prepend(absolute);
  while (files.size() > kMax) files.removeLast();
  save(files);
}

void RecentFiles::remove(const QString& path) {
  QStringList files = load();
  if (files.removeAll(QFileInfo(path).absoluteFilePath()) > 0) save(files);
}

void RecentFiles::clear() { save({}); }

}  // namespace ifedit::app
