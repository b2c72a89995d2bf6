#include "ui/action_icons.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QPalette>
#include <QTemporaryDir>

#include "ui/main_window.h"

namespace ifedit::ui {

namespace {

// The icon file's name (resources/icons/actions/<name>.svg) for an action id; empty for none.
QString iconName(const QString& actionId) {
  static const QHash<QString, QString> icons = {
      {QLatin1String(MainWindow::kActionOpen), QStringLiteral("document-open")},
      {QLatin1String(MainWindow::kActionPaste), QStringLiteral("edit-paste")},
      {QLatin1String(MainWindow::kActionClearRecent), QStringLiteral("clear-recent")},
      {QLatin1String(MainWindow::kActionExportImage), QStringLiteral("export-image")},
      {QLatin1String(MainWindow::kActionExportEvolution), QStringLiteral("export-evolution")},
      {QLatin1String(MainWindow::kActionQuit), QStringLiteral("application-exit")},
      {QLatin1String(MainWindow::kActionUndo), QStringLiteral("edit-undo")},
      {QLatin1String(MainWindow::kActionRedo), QStringLiteral("edit-redo")},
      {QLatin1String(MainWindow::kActionSettings), QStringLiteral("settings")},
      {QLatin1String(MainWindow::kActionRun), QStringLiteral("write-prompt")},
      {QLatin1String(MainWindow::kActionApprove), QStringLiteral("approve-run")},
      {QLatin1String(MainWindow::kActionRegenerate), QStringLiteral("regenerate")},
      {QLatin1String(MainWindow::kActionUseTemplate), QStringLiteral("offline-template")},
      {QLatin1String(MainWindow::kActionUseInstruction), QStringLiteral("run-instruction")},
      {QLatin1String(MainWindow::kActionRefine), QStringLiteral("refine")},
      {QLatin1String(MainWindow::kActionCancel), QStringLiteral("process-stop")},
      {QLatin1String(MainWindow::kActionUseAsSource), QStringLiteral("use-as-source")},
      {QLatin1String(MainWindow::kActionUseDemo), QStringLiteral("demo-model")},
      {QLatin1String(MainWindow::kActionZoomIn), QStringLiteral("zoom-in")},
      {QLatin1String(MainWindow::kActionZoomOut), QStringLiteral("zoom-out")},
      {QLatin1String(MainWindow::kActionFit), QStringLiteral("zoom-fit")},
      {QLatin1String(MainWindow::kActionActualSize), QStringLiteral("zoom-original")},
      {QLatin1String(MainWindow::kActionSplitCompare), QStringLiteral("split-compare")},
      {QLatin1String(MainWindow::kActionShowBefore), QStringLiteral("show-before")},
      {QLatin1String(MainWindow::kActionPlay), QStringLiteral("media-play")},
      {QLatin1String(MainWindow::kActionPreviousFrame), QStringLiteral("frame-previous")},
      {QLatin1String(MainWindow::kActionNextFrame), QStringLiteral("frame-next")},
      {QLatin1String(MainWindow::kActionAbout), QStringLiteral("help-about")},
  };
  return icons.value(actionId);
}

}  // namespace

QString actionIconPath(const QString& actionId) {
  const QString name = iconName(actionId);
  return name.isEmpty() ? QString() : QStringLiteral(":/icons/actions/%1.svg").arg(name);
}

QIcon themedIcon(const QString& name) {
  const QString path = QStringLiteral(":/icons/actions/%1.svg").arg(name);
  if (QApplication::palette().color(QPalette::Window).lightness() >= 128) return QIcon(path);
  // Qt's SVG icon engine reads files: tinted copies, made once, for as long as the program runs.
  static const QTemporaryDir tinted;
  const QString copy = tinted.filePath(name + QStringLiteral(".svg"));
  if (!QFileInfo::exists(copy)) {
    QFile source(path), target(copy);
    if (!tinted.isValid() || !source.open(QIODevice::ReadOnly) || !target.open(QIODevice::WriteOnly)) return QIcon(path);
    target.write(source.readAll().replace("#5b6170", "#c3c8d2"));  // 8:1 on the dark window
  }
  return QIcon(copy);
}

void applyActionIcons(MainWindow& window) {
  for (QAction* action : window.allActions()) {
    const QString name = iconName(action->objectName());
    if (!name.isEmpty()) action->setIcon(themedIcon(name));
  }
}

}  // namespace ifedit::ui
