#include "app/session/edit_session.h"

#include "app/session/image_loading.h"

namespace ifedit::app {

EditSession::EditSession(QObject* parent) : QObject(parent) { updateModelStatus(); }

EditSession::~EditSession() = default;

bool EditSession::openImage(const QString& path) {
  LoadedImage loaded = loadSourceImage(path, maxImagePixels_);
  if (!loaded.error.isEmpty()) {
    fail(loaded.error);
    return false;
  }
  source_ = std::move(loaded.image);
  sourcePath_ = path;
  lastError_.clear();
  Q_EMIT sourceChanged();
  // A new source starts a new edit; the instruction stays, the user may want it on this image too.
  setState(State::ImageLoaded);
  return true;
}

void EditSession::setMaxImagePixels(qint64 pixels) { maxImagePixels_ = qMax<qint64>(1, pixels); }

void EditSession::setInstruction(const QString& text) {
  if (text == instruction_) return;
  instruction_ = text;
  Q_EMIT instructionChanged(instruction_);
}

void EditSession::setDemoRequested(bool demo) {
  if (demo == demoRequested_) return;
  demoRequested_ = demo;
  updateModelStatus();
}

bool EditSession::canRun() const { return runBlockedReason().isEmpty(); }

QString EditSession::runBlockedReason() const {
  if (!modelConfigured_) return modelStatus_;
  if (!hasSource()) return tr("Open an image first.");
  if (instruction_.trimmed().isEmpty()) return tr("Type an instruction first.");
  if (state_ != State::ImageLoaded && state_ != State::Done) return tr("An edit is already running.");
  return {};
}

bool EditSession::requestRun() {
  const QString reason = runBlockedReason();
  if (!reason.isEmpty()) {
    fail(reason);
    return false;
  }
  // The engine worker is not part of this version; canRun() is false until a model is configured.
  return false;
}

void EditSession::setState(State state) {
  if (state == state_) return;
  state_ = state;
  Q_EMIT stateChanged(state_);
}

void EditSession::fail(const QString& message) {
  lastError_ = message;
  Q_EMIT errorOccurred(message);
}

void EditSession::updateModelStatus() {
  // Model discovery (settings, weight folders) arrives with the engine; until then nothing is set.
  const QString status =
      demoRequested_
          ? tr("No model configured \u2014 the demo model arrives with the engine in a later version; see README.")
          : tr("No model configured \u2014 the engine arrives in a later version; see README.");
  modelConfigured_ = false;
  if (status == modelStatus_) return;
  modelStatus_ = status;
  Q_EMIT modelStatusChanged(modelStatus_);
}

}  // namespace ifedit::app
