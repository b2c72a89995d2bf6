#pragma once
// A HOME of the test process's own, in Qt's test mode: the settings and recent files a test
// writes go to a fresh folder, never the user's, and tests running at once (`ctest -j`, or a
// second copy of one) cannot read each other's. Call it first in initTestCase: QSettings fixes
// its folders when it is first used.
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace ifedit::testhome {

inline bool usePrivateHome(const QTemporaryDir& home) {
  if (!home.isValid()) return false;
  qputenv("HOME", QFile::encodeName(home.path()));
  qputenv("XDG_CONFIG_HOME", QFile::encodeName(home.filePath(QStringLiteral(".config"))));
  QStandardPaths::setTestModeEnabled(true);
  return true;
}

}  // namespace ifedit::testhome
