// ifedit: the desktop editor. `ifedit [--demo | --model FOLDER] [IMAGE]`
#include <cstdio>
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>

#include "app/app_info.h"
#include "app/session/edit_session.h"
#include "app/settings/api_key_store.h"
#include "app/settings/app_settings.h"
#include "ui/action_icons.h"
#include "ui/dialog_controller.h"
#include "ui/language.h"
#include "ui/main_window.h"
#include "ui/theme.h"
#include "ui/window_layout.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("ifedit"));
  QApplication::setApplicationDisplayName(ifedit::app::applicationName());
  QApplication::setApplicationVersion(ifedit::app::applicationVersion());
  // One settings file for everything: ~/.config/IFEditStudio/ifedit.conf (AppSettings, recent files).
  QApplication::setOrganizationName(QLatin1String(ifedit::app::AppSettings::kOrganization));
  QApplication::setDesktopFileName(QStringLiteral("ifedit"));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/ifedit.svg")));

  // The system locale picks the language; the settings' override wins.
  ifedit::app::AppSettings settings;
  ifedit::ui::installTranslations(ifedit::ui::chooseLanguage(settings.language()));
  ifedit::ui::applyTheme(settings.theme());

  QCommandLineParser parser;
  parser.setApplicationDescription(QApplication::translate(
      "main", "Edit an image by letting an image-to-video model evolve it (IF-Edit)."));
  parser.addHelpOption();
  parser.addVersionOption();
  const QCommandLineOption demo(
      QStringLiteral("demo"),
      QApplication::translate("main", "Use the random-weight demo model (no download needed)."));
  parser.addOption(demo);
  const QCommandLineOption model(
      QStringLiteral("model"),
      QApplication::translate("main", "Wan2.2-I2V-A14B model folder (official, Diffusers or ComfyUI layout)."),
      QApplication::translate("main", "FOLDER"));
  parser.addOption(model);
  parser.addPositionalArgument(QStringLiteral("image"),
                               QApplication::translate("main", "Image to open."),
                               QStringLiteral("[IMAGE]"));
  parser.process(app);
  if (parser.positionalArguments().size() > 1)
    parser.showHelp(2);  // prints usage and exits

  ifedit::app::EditSession session;
  ifedit::ui::MainWindow window(&session);
  ifedit::ui::applyActionIcons(window);
  ifedit::app::ApiKeyStore keys;
  ifedit::ui::DialogController dialogs(&window, &settings, &keys);
  dialogs.applyToSession();  // the stored settings; the command line below overrides them
  keys.load();               // the session gets the VLM key when the keyring answers
  if (parser.isSet(model)) {
    ifedit::app::ModelSetup setup = session.modelSetup();
    setup.path = QFileInfo(parser.value(model)).absoluteFilePath();
    session.setModelSetup(setup);
  }
  if (parser.isSet(demo)) session.useDemoModel();

  ifedit::ui::restoreWindowLayout(window, settings);
  window.show();
  if (!parser.positionalArguments().isEmpty())
    window.openImage(QFileInfo(parser.positionalArguments().constFirst()).absoluteFilePath());
  const int status = app.exec();
  ifedit::ui::saveWindowLayout(window, settings);
  if (!settings.sync())
    std::fprintf(stderr, "ifedit: the window layout could not be saved to %s\n", qPrintable(settings.fileName()));
  return status;
}
