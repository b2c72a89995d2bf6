#pragma once
// The File > Open Recent list: newest first, no duplicates, at most kMax entries, kept in the
// application's QSettings (key "recentFiles"). Files that vanished are dropped when listed.
#include <QObject>
#include <QStringList>

namespace ifedit::app {

class RecentFiles : public QObject {
  Q_OBJECT
 public:
  static constexpr int kMax = 10;

  explicit RecentFiles(QObject* parent = nullptr);

  QStringList files() const;  // existing files only
  void add(const QString& path);
  void remove(const QString& path);
  void clear();

 Q_SIGNALS:
  void changed();

 private:
  QStringList load() const;
  void save(const QStringList& files);
};

}  // namespace ifedit::app
