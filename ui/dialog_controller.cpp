#include "ui/dialog_controller.h"

#include <QDir>
#include <QFileInfo>
#include <QStatusBar>

#include "app/session/edit_session.h"
#include "app/settings/api_key_store.h"
#include "app/settings/app_settings.h"
#include "app/settings/session_settings.h"
#include "ui/action_icons.h"
#include "ui/export_dialog.h"
#include "ui/main_window.h"
#include "ui/settings_dialog.h"
#include "ui/theme.h"

namespace ifedit::ui {

DialogController::DialogController(MainWindow* window, app::AppSettings* settings, app::ApiKeyStore* keys,
                                   QObject* parent)
    : QObject(parent), window_(window), settings_(settings), keys_(keys) {
  connect(window_, &MainWindow::settingsRequested, this, &DialogController::openSettings);
  connect(window_, &MainWindow::exportImageRequested, this, &DialogController::openExportImage);
  connect(window_, &MainWindow::exportEvolutionRequested, this, &DialogController::openExportEvolution);
  if (keys_) {
    connect(keys_, &app::ApiKeyStore::loaded, this, [this](const QString& key) {
      if (auto* s = session()) s->setVlmEndpoint(settings_->vlmEndpoint(key));
    });
  }
  if (auto* s = session()) {
    // Parameters restored into the session (a dropped PNG) become the stored settings.
    connect(s, &app::EditSession::parametersChanged, this, [this] {
      if (auto* s = session()) {
        app::storeEditParameters(*settings_, s->parameters());
        if (!settings_->sync()) window_->statusBar()->showMessage(notSavedMessage(), 15000);
      }
    });
  }
}

app::EditSession* DialogController::session() const { return window_->session(); }

QString DialogController::notSavedMessage() const {
  return tr("The settings apply to this session but could not be saved to %1 (is it read-only, or the disk full?)")
      .arg(QDir::toNativeSeparators(settings_->fileName()));
}

void DialogController::applyToSession() {
  if (auto* s = session()) app::applySettings(*settings_, *s, keys_ ? keys_->key() : QString());
}

SettingsDialog* DialogController::openSettings() {
  auto* dialog = new SettingsDialog(settings_, keys_, window_);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  // The session may be on the demo model without it being stored (`--demo`, the first-run button).
  // Likewise a folder given with `--model`: the dialog shows the model in use, so OK keeps it.
  if (auto* s = session(); s && s->modelSetup().isDemo()) dialog->setUseDemoModel(true);
  else if (s && s->modelSetup().isSet() &&
           (s->modelSetup().path != settings_->modelPath() || settings_->useDemoModel())) {
    dialog->setUseDemoModel(false);
    dialog->setModelPath(s->modelSetup().path);
  }
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    applyToSession();
    if (dialog->savedToDisk()) window_->statusBar()->showMessage(tr("Settings saved."), 4000);
    else window_->statusBar()->showMessage(notSavedMessage(), 15000);
  });
  connect(dialog, &SettingsDialog::themeChanged, this, [this](const QString& code) {
    applyTheme(code);
    applyActionIcons(*window_);  // their lines follow the palette
  });
  connect(dialog, &SettingsDialog::languageChanged, this, [this] {
    window_->statusBar()->showMessage(tr("The new language applies the next time IF-Edit Studio starts."), 8000);
  });
  dialog->open();
  Q_EMIT dialogOpened(dialog);
  return dialog;
}

// Named after the picture the chain started from ("street-edited"), not "Result of edit 3";
// a chained edit counts its place ("street-edited-2": the second edit in a row).
static QString suggestedName(const app::EditSession& s) {
  const QString base = QFileInfo(s.originalSourceName()).completeBaseName();
  QString name = (base.isEmpty() ? QStringLiteral("ifedit") : base) + QStringLiteral("-edited");
  if (const int position = s.chainPosition(); position > 1) name += QLatin1Char('-') + QString::number(position);
  return name;
}

// What both exports carry besides the pictures: the metadata, a file name and the model's kind.
static ExportDialog::Content exportContent(const app::EditSession& s) {
  ExportDialog::Content content;
  content.metadata = {s.parametersText(), s.editReport(false)};
  content.baseName = suggestedName(s);
  content.randomWeights = s.showsRandomWeightOutput();
  // The chain's first picture, not only this edit's source: an export never overwrites it.
  content.sourcePath = s.originalSourcePath();
  return content;
}

ExportDialog* DialogController::openExportImage() {
  auto* s = session();
  if (!s || !s->hasResult()) {
    window_->statusBar()->showMessage(tr("There is no result to export yet."), 6000);
    return nullptr;
  }
  ExportDialog::Content content = exportContent(*s);
  content.image = s->resultImage();
  content.sourceSize = s->originalSourceSize();  // EXIF-oriented, as the user sees it; kept along a chain
  auto* dialog = showExportDialog(new ExportDialog(ExportDialog::Mode::Image, content, settings_, window_));
  // The result is safe on disk: quitting no longer asks about it.
  connect(dialog, &ExportDialog::exported, this, [this, entry = s->currentHistoryIndex()] {
    if (auto* s = session()) s->noteResultExported(entry);
  });
  return dialog;
}

ExportDialog* DialogController::openExportEvolution() {
  auto* s = session();
  const QList<QImage> frames = s ? s->evolutionFrames() : QList<QImage>();
  if (frames.isEmpty()) {
    window_->statusBar()->showMessage(tr("There is no evolution to export yet."), 6000);
    return nullptr;
  }
  ExportDialog::Content content = exportContent(*s);
  content.frames = frames;
  return showExportDialog(new ExportDialog(ExportDialog::Mode::Evolution, content, settings_, window_));
}

ExportDialog* DialogController::showExportDialog(ExportDialog* dialog) {
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &ExportDialog::exported, this,
          [this](const QString& path) { window_->statusBar()->showMessage(tr("Exported %1").arg(path), 6000); });
  dialog->open();
  Q_EMIT dialogOpened(dialog);
  return dialog;
}

}  // namespace ifedit::ui
