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
  QStringList files = load();
  files.removeAll(absolute);
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
