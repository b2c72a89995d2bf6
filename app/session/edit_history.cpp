#include "app/session/edit_history.h"

#include <algorithm>

#include <QCoreApplication>

namespace ifedit::app {

QString HistoryEntry::settingsSummary() const {
  QString s = QCoreApplication::translate("ifedit::app::EditHistory", "seed %1, %2 frames, %3 steps").arg(parameters.seed).arg(parameters.frames).arg(parameters.steps);
  if (!parameters.dropout) s += QCoreApplication::translate("ifedit::app::EditHistory", ", no dropout");
  else s += QCoreApplication::translate("ifedit::app::EditHistory", ", K %1").arg(parameters.dropoutK);
  s += refined ? QCoreApplication::translate("ifedit::app::EditHistory", ", refined from frame %1").arg(chosenFrame) : QCoreApplication::translate("ifedit::app::EditHistory", ", frame %1 unrefined").arg(chosenFrame);
  if (randomWeights) s += QCoreApplication::translate("ifedit::app::EditHistory", " \u2014 random-weight output");
  return s;
}

QString HistoryEntry::title() const {
  QString text = instruction.simplified();
  if (text.size() > 60) text = text.left(57) + QStringLiteral("\u2026");
  return QCoreApplication::translate("ifedit::app::EditHistory", "%1. %2").arg(number).arg(text);
}

EditHistory::EditHistory(QObject* parent) : QObject(parent) {}

int EditHistory::append(HistoryEntry entry) {
  entry.number = nextNumber_++;
  if (!entry.finished.isValid()) entry.finished = QDateTime::currentDateTime();
  if (entry.thumbnail.isNull() && !entry.result.isNull())
    entry.thumbnail = entry.result.scaled(kThumbnailSize * 2, kThumbnailSize * 2, Qt::KeepAspectRatio, Qt::SmoothTransformation);
  entries_.append(std::move(entry));
  Q_EMIT entryAdded(int(entries_.size()) - 1);
  return int(entries_.size()) - 1;
}

void EditHistory::markExported(int index) {
  if (index >= 0 && index < entries_.size()) entries_[index].exported = true;
}

int EditHistory::unexportedCount() const {
  return int(std::count_if(entries_.begin(), entries_.end(), [](const HistoryEntry& e) { return !e.exported; }));
}

void EditHistory::clear() {
  entries_.clear();
  Q_EMIT cleared();
}

}  // namespace ifedit::app
