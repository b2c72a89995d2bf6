// ifedit: the desktop editor. `ifedit [--demo | --model FOLDER] [IMAGE]`
#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>

#include "app/app_info.h"
#include "app/session/edit_session.h"
#include "ui/main_window.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("ifedit"));
  QApplication::setApplicationDisplayName(ifedit::app::applicationName());
  QApplication::setApplicationVersion(ifedit::app::applicationVersion());
  QApplication::setOrganizationName(QStringLiteral("IF-Edit"));
  QApplication::setDesktopFileName(QStringLiteral("ifedit"));
  QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/ifedit.svg")));

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
  if (parser.isSet(model)) {
    ifedit::app::ModelSetup setup = session.modelSetup();
    setup.path = QFileInfo(parser.value(model)).absoluteFilePath();
    session.setModelSetup(setup);
  }
  if (parser.isSet(demo)) session.useDemoModel();

  ifedit::ui::MainWindow window(&session);
  window.show();
  if (!parser.positionalArguments().isEmpty())
    window.openImage(QFileInfo(parser.positionalArguments().constFirst()).absoluteFilePath());
  return app.exec();
}
